import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TabStore } from '../../../src/store/tab-store';
import type { StoreEvent } from '../../../src/store/materialize';
import { DebuggerMerge, GRACE_MS } from '../../../src/debugger/cdp-merge';
import { translateCdp } from '../../../src/debugger/cdp-sockets';
import { HANDSHAKE_WALL_MS, socketLife, URL_, workerAttached, type Cdp } from './cdp-fixtures';

const T0 = HANDSHAKE_WALL_MS;
const create = (conn: string, url: string, t = T0): StoreEvent => ({ k: 'create', conn, t, url, protocols: [], frameUrl: 'http://h/' });

function feed(store: TabStore, m: DebuggerMerge, events: Cdp[], now = T0) {
  const out = { messages: 0, connections: new Set<string>() };
  for (const [method, params, session] of events) {
    const ev = translateCdp(method, params, session);
    if (!ev) continue;
    const d = m.apply(store, ev, now);
    out.messages += d.messages.length;
    for (const c of d.connections) out.connections.add(c.id);
  }
  return out;
}

describe('debugger mode merged with the hook capture', () => {
  it('adds only the handshake and initiator to a socket the hook captured; its frames are not stored again', () => {
    const s = new TabStore(1);
    s.applyBatch('r', 1, 0, [create('a:1', URL_, T0 - 3)]);
    s.applyHandshake({
      requestId: 'w1',
      url: URL_,
      t: T0,
      frameId: 0,
      requestHeaders: [{ name: 'Upgrade', value: 'websocket' }],
      status: 101,
    });
    const m = new DebuggerMerge();
    const got = feed(s, m, socketLife('9.1', URL_));
    expect(got.messages).toBe(0);
    expect([...s.connections.keys()]).toEqual(['a:1']);
    const c = s.connections.get('a:1');
    expect(c?.via).toBeUndefined();
    expect(c?.initiator?.frames?.[0]).toMatchObject({ fn: 'open', line: 12 });
    expect(c?.handshake?.requestHeaders?.map((h) => h.name)).toContain('Sec-WebSocket-Key');
    expect(c?.handshake?.responseHeaders).toContainEqual({ name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' });
    // A later webRequest update (fewer headers) does not win over CDP's.
    const d = s.applyHandshake({
      requestId: 'w1',
      url: URL_,
      t: T0,
      frameId: 0,
      responseHeaders: [{ name: 'Upgrade', value: 'websocket' }],
    });
    m.refresh(d.connections);
    expect(c?.handshake?.responseHeaders?.length).toBe(2);
  });

  it('shows the refused status webRequest hid (403), with the response headers', () => {
    const s = new TabStore(1);
    const url = 'ws://h/refuse?status=403';
    s.applyBatch('r', 1, 0, [create('a:1', url)]);
    s.applyHandshake({ requestId: 'w1', url, t: T0, frameId: 0, error: 'net::ERR_FAILED' });
    feed(s, new DebuggerMerge(), socketLife('9.2', url, undefined, 403));
    expect(s.connections.get('a:1')?.handshake).toMatchObject({
      status: 403,
      statusLine: 'HTTP/1.1 403 Forbidden',
      error: 'net::ERR_FAILED',
      responseHeaders: [
        { name: 'Content-Type', value: 'text/plain' },
        { name: 'X-Why', value: 'no' },
      ],
    });
  });

  it('takes the status from the handshake error when no response event came', () => {
    const s = new TabStore(1);
    const url = 'ws://h/refuse?status=404';
    s.applyBatch('r', 1, 0, [create('a:1', url)]);
    s.applyHandshake({ requestId: 'w1', url, t: T0, frameId: 0, error: 'net::ERR_FAILED' });
    feed(
      s,
      new DebuggerMerge(),
      socketLife('9.3', url, undefined, 404).filter(([mm]) => !mm.includes('Response')),
    );
    expect(s.connections.get('a:1')?.handshake?.status).toBe(404);
  });

  it('stores a worker socket’s frames once on its net: connection, which is then captured by the debugger', () => {
    const s = new TabStore(1);
    s.applyBatch('r', 1, 0, [create('a:1', 'ws://h/page')]); // the page's own socket, another URL
    s.applyHandshake({ requestId: 'w2', url: URL_, t: T0, frameId: 0, status: 101 });
    s.showUnclaimed(T0, () => true);
    expect(s.connections.get('net:w2')?.unseen).toBe('worker');
    const m = new DebuggerMerge();
    const got = feed(s, m, [workerAttached, ...socketLife('9.4', URL_, 'S1')]);
    expect(got.messages).toBe(2);
    const c = s.connections.get('net:w2');
    expect(c).toMatchObject({ via: 'debugger', realm: 'worker', state: 'closed' });
    expect(c?.unseen).toBeUndefined();
    const msgs = s.allMessages();
    expect(msgs.map((x) => [x.conn, x.dir, x.opcode, x.data])).toEqual([
      ['net:w2', 'out', 1, 'from-worker'],
      ['net:w2', 'in', 2, '3q2+7w=='],
    ]);
    expect(msgs[0]?.t).toBeCloseTo(T0 + 20, 3); // monotonic timestamp → wall clock
    expect(msgs[1]?.size).toBe(4);
    expect(s.connections.get('a:1')?.sent.messages).toBe(0);
  });

  it('gives a worker socket webRequest never reported (Chrome: shared and service workers) a connection of its own', () => {
    const s = new TabStore(1);
    const m = new DebuggerMerge('cdp7');
    const url = 'ws://h/service';
    feed(s, m, [['Target.attachedToTarget', { sessionId: 'S9', targetInfo: { type: 'service_worker' } }], ...socketLife('1.1', url, 'S9')]);
    const c = s.connections.get('cdp7:1');
    expect(c).toMatchObject({ url, via: 'debugger', realm: 'service or shared worker' });
    expect(c?.handshake).toBeUndefined(); // a webRequest handshake may still be on its way
    expect(m.waiting).toBe(true);
    m.settle(s, T0 + GRACE_MS);
    expect(c?.handshake).toMatchObject({ status: 101, requestId: 'cdp:1.1' });
    expect(m.waiting).toBe(false);
    expect(s.allMessages()).toHaveLength(2);
  });

  it('a webRequest handshake arriving after the debugger connection joins it instead of showing a second one', () => {
    const s = new TabStore(1);
    feed(s, new DebuggerMerge(), [workerAttached, ...socketLife('9.5', URL_, 'S1').slice(0, 1)]);
    const d = s.applyHandshake({ requestId: 'w3', url: URL_, t: T0, frameId: 0, status: 101 });
    expect(d.connections.map((c) => c.id)).toEqual(['cdp:1']);
    expect(s.showUnclaimed(T0 + 1e6, () => true).connections).toEqual([]);
    expect(s.connections.size).toBe(1);
  });

  it('a page socket no hook claims within the grace time has its frames stored (held until then)', () => {
    const s = new TabStore(1);
    const m = new DebuggerMerge();
    const got = feed(s, m, socketLife('9.6', 'ws://h/nohook'));
    expect(got.messages).toBe(0);
    expect(s.connections.size).toBe(0);
    const d = m.settle(s, T0 + GRACE_MS);
    expect(d.messages.map((x) => x.data)).toEqual(['from-worker', '3q2+7w==']);
    expect(s.connections.get('cdp:1')).toMatchObject({ via: 'debugger', realm: 'page' });
  });

  it('a hook connection arriving within the grace time takes the page socket: its held frames are dropped', () => {
    const s = new TabStore(1);
    const m = new DebuggerMerge();
    feed(s, m, socketLife('9.7', 'ws://h/late').slice(0, 4));
    s.applyBatch('r', 1, 0, [create('a:1', 'ws://h/late', T0 + 1)]);
    feed(s, m, socketLife('9.7', 'ws://h/late').slice(4), T0 + 10);
    const d = m.settle(s, T0 + GRACE_MS);
    expect(d.messages).toEqual([]);
    expect([...s.connections.keys()]).toEqual(['a:1']);
    expect(s.connections.get('a:1')?.initiator?.type).toBe('script');
  });

  it('one socket reported by two sessions is stored once', () => {
    const s = new TabStore(1);
    const m = new DebuggerMerge();
    const got = feed(s, m, [workerAttached, ...socketLife('9.8', URL_, 'S1'), ...socketLife('9.8', URL_, '')]);
    expect(s.connections.size).toBe(1);
    expect(got.messages).toBe(2);
  });

  it('is total: hostile CDP params never throw and never invent connections from nothing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...socketLife('x', URL_, 'S1').map((e) => e[0]), 'Target.attachedToTarget'),
            fc.anything(),
            fc.anything(),
          ),
        ),
        (evs) => {
          const s = new TabStore(1);
          const m = new DebuggerMerge();
          for (const [method, p, sess] of evs) {
            const ev = translateCdp(method, p, sess);
            if (ev) m.apply(s, ev, T0);
          }
          m.settle(s, T0 + GRACE_MS);
          for (const c of s.connections.values()) expect(typeof c.url).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
    const s = new TabStore(1);
    const m = new DebuggerMerge();
    feed(s, m, [
      ['Network.webSocketCreated', { requestId: 'z', url: 'ws://h/z' }, 'S1'],
      ['Network.webSocketFrameReceived', { requestId: 'z', timestamp: 1, response: { opcode: 2, payloadData: '!!not base64' } }, 'S1'],
      ['Network.webSocketFrameReceived', { requestId: 'z', timestamp: 1, response: { opcode: 9, payloadData: '' } }, 'S1'],
    ]);
    expect(s.allMessages().map((x) => x.captureError)).toEqual([expect.stringContaining('debugger payload')]);
  });
});
