import { describe, expect, it } from 'vitest';
import { HandshakeJoiner, normalizeSocketUrl } from '../../../src/store/handshakes';
import type { ConnectionRecord } from '../../../src/model/records';

const conn = (id: string, url: string, frameId = 0): ConnectionRecord => ({
  id,
  url,
  frameId,
  protocols: [],
  frameUrl: '',
  created: 0,
  state: 'connecting',
  sent: { messages: 0, bytes: 0 },
  received: { messages: 0, bytes: 0 },
});

describe('HandshakeJoiner', () => {
  it('joins a handshake that arrives after its connection, and later updates too', () => {
    const j = new HandshakeJoiner();
    const c = conn('a', 'ws://h/x');
    expect(j.update({ requestId: '1', frameId: 0, url: 'ws://h/x', t: 1, requestHeaders: [{ name: 'Origin', value: 'o' }] }, [c])).toEqual({
      conn: c,
    });
    expect(j.update({ requestId: '1', frameId: 0, url: 'ws://h/x', t: 2, status: 403, statusLine: 'HTTP/1.1 403 Forbidden' }, [c])).toEqual(
      { conn: c },
    );
    expect(c.handshake).toMatchObject({ requestId: '1', status: 403, requestHeaders: [{ name: 'Origin', value: 'o' }] });
  });

  it('keeps a handshake that arrives first until its connection claims it', () => {
    const j = new HandshakeJoiner();
    expect(j.update({ requestId: '9', frameId: 2, url: 'http://h/x', t: 1, status: 101 }, [])).toBeNull();
    const other = conn('b', 'ws://h/other', 2);
    j.claim(other);
    expect(other.handshake).toBeUndefined();
    const c = conn('a', 'ws://h/x', 2);
    j.claim(c);
    expect(c.handshake?.status).toBe(101);
  });

  it('prefers the connection of the same frame', () => {
    const j = new HandshakeJoiner();
    const top = conn('top', 'ws://h/x', 0);
    const sub = conn('sub', 'ws://h/x', 5);
    expect(j.update({ requestId: '1', frameId: 5, url: 'ws://h/x', t: 1 }, [top, sub])).toEqual({ conn: sub });
  });

  it('compares ws and http spellings of the same URL', () => {
    expect(normalizeSocketUrl('https://h/x?a=1#f')).toBe('wss://h/x?a=1');
    expect(normalizeSocketUrl('ws://h/x')).toBe('ws://h/x');
  });
});
