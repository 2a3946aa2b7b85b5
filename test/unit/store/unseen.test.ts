import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../src/store/tab-store';
import type { StoreEvent } from '../../../src/store/materialize';
import type { HandshakeUpdate } from '../../../src/store/handshakes';

const create = (conn: string, url: string, t = 10): StoreEvent => ({ k: 'create', conn, t, url, protocols: [], frameUrl: 'http://h/' });
const hs = (requestId: string, url: string, extra: Partial<HandshakeUpdate> = {}): HandshakeUpdate => ({
  requestId,
  url,
  t: 5,
  frameId: 0,
  ...extra,
});
const hooked = () => true;
const unhooked = () => false;

describe('a socket only the network saw (never nothing)', () => {
  it('is shown once its grace time is over, as a worker socket when the frame runs the hook, with the handshake outcome as its state', () => {
    const s = new TabStore(1);
    expect(
      s.applyHandshake(hs('1', 'http://h/w', { requestHeaders: [{ name: 'Sec-WebSocket-Protocol', value: 'a, b' }] })).connections,
    ).toEqual([]);
    expect(s.hasUnclaimed).toBe(true);
    expect(s.showUnclaimed(4, hooked).connections).toEqual([]); // started after t=4: not yet
    const shown = s.showUnclaimed(5, hooked).connections;
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      id: 'net:1',
      url: 'ws://h/w',
      realm: 'worker',
      unseen: 'worker',
      state: 'connecting',
      protocols: ['a', 'b'],
    });
    expect(s.hasUnclaimed).toBe(false);
    expect(s.showUnclaimed(99, hooked).connections).toEqual([]); // shown once
    expect(s.applyHandshake(hs('1', 'http://h/w', { status: 101 })).connections[0]).toMatchObject({ id: 'net:1', state: 'open' });
    expect(s.applyHandshake(hs('1', 'http://h/w', { error: 'net::ERR_FAILED' })).connections[0]).toMatchObject({ state: 'error' });
    expect(s.stats.connections).toBe(1);
  });

  it('says when the frame had no hook (a page loaded before Sockscope)', () => {
    const s = new TabStore(1);
    s.applyHandshake(hs('2', 'ws://h/x', { frameId: 3 }));
    expect(s.showUnclaimed(5, unhooked).connections[0]).toMatchObject({ realm: 'frame', unseen: 'no hook', frameId: 3 });
  });

  it('is replaced by the hook connection that turns up late, which takes its handshake', () => {
    const s = new TabStore(1);
    s.applyHandshake(hs('3', 'ws://h/late', { status: 101 }));
    s.showUnclaimed(5, hooked);
    const d = s.applyBatch('r', 1, 0, [create('a:1', 'ws://h/late')]);
    expect(d.removedConnections).toEqual(['net:3']);
    expect(d.connections.map((c) => c.id)).toEqual(['a:1']);
    expect(s.connections.get('a:1')?.handshake?.status).toBe(101);
    expect([...s.connections.keys()]).toEqual(['a:1']);
    // Later webRequest news goes to the hook connection.
    expect(s.applyHandshake(hs('3', 'ws://h/late', { error: 'x' })).connections[0]?.id).toBe('a:1');
  });

  it('is never shown when the hook connection claims it in time', () => {
    const s = new TabStore(1);
    s.applyHandshake(hs('4', 'ws://h/x'));
    s.applyBatch('r', 1, 0, [create('a:1', 'ws://h/x')]);
    expect(s.hasUnclaimed).toBe(false);
    expect(s.showUnclaimed(1e12, hooked).connections).toEqual([]);
  });

  it('shows a tabless handshake (service or shared worker) at once and never gives it to a page connection', () => {
    const s = new TabStore(1);
    const d = s.applyHandshake(hs('5', 'ws://h/sw', { tabless: true, frameId: -1 }));
    expect(d.connections[0]).toMatchObject({ id: 'net:5', realm: 'service or shared worker', unseen: 'tabless' });
    s.applyBatch('r', 1, 0, [create('a:1', 'ws://h/sw')]);
    expect(s.connections.get('a:1')?.handshake).toBeUndefined();
    expect(s.connections.has('net:5')).toBe(true);
  });

  it('goes on Clear (no messages, no end we could see) and is the first evicted by the connection cap', () => {
    const s = new TabStore(1, { maxMessages: 10, maxBytes: 1e6, maxMessageBytes: 100, maxConnections: 2 });
    s.applyHandshake(hs('6', 'ws://h/n', { status: 101 }));
    s.showUnclaimed(5, hooked);
    s.applyBatch('r', 1, 0, [create('a:1', 'ws://h/a')]);
    const d = s.applyBatch('r', 2, 0, [create('a:2', 'ws://h/b')]);
    expect(d.removedConnections).toEqual(['net:6']);
    s.applyHandshake(hs('7', 'ws://h/m', { tabless: true }));
    s.clear();
    expect([...s.connections.keys()].sort()).toEqual(['a:1', 'a:2']);
  });
});
