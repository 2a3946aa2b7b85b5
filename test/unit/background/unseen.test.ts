/**
 * "Never nothing" in the background: a handshake no hook connection claims is
 * shown on its own after the grace time (saved, sent to panels, labelled by
 * whether the frame runs the hook); a late hook connection replaces it; a
 * tabless one (service or shared worker) goes to the tabs of its origin.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import { connectPanel, connectRelay, create, dump, newHub, TAB } from './rig';
import type { ConnectionRecord } from '../../../src/model/records';

const GRACE = 30;
const hs = (requestId: string, url: string, frameId = 0) => ({ requestId, url, frameId, t: Date.now(), status: 101 });
const conns = async (hub: ReturnType<typeof newHub>, tabId = TAB) =>
  ((await dump(hub, tabId))?.connections ?? []) as unknown as ConnectionRecord[];

describe('sockets only the network saw', () => {
  it('are shown after the grace time, labelled by whether the frame runs the hook, and replaced by a late hook connection', async () => {
    const hub = newHub(memoryPersistence(), { unseenGraceMs: GRACE });
    const relay = connectRelay(hub); // the top frame runs the hook
    const panel = connectPanel(hub);
    hub.receiveHandshake(TAB, hs('1', 'wss://srv.test/w'));
    hub.receiveHandshake(TAB, hs('2', 'wss://srv.test/x', 4)); // a frame without a hook
    expect(await conns(hub)).toEqual([]); // not before its time
    await vi.waitFor(async () => expect((await conns(hub)).map((c) => c.id).sort()).toEqual(['net:1', 'net:2']));
    const shown = await conns(hub);
    expect(shown.find((c) => c.id === 'net:1')).toMatchObject({ unseen: 'worker', realm: 'worker', state: 'open' });
    expect(shown.find((c) => c.id === 'net:2')).toMatchObject({ unseen: 'no hook', realm: 'frame' });
    await vi.waitFor(() =>
      expect(panel.got.some((m) => m.type === 'connections' && m.connections.some((c) => c.id === 'net:1'))).toBe(true),
    );

    // The hook's connection for /x arrives late (a busy relay): it takes the handshake, the stand-in goes.
    relay.send(1, [{ k: 'create', conn: 'a:1', t: 1, url: 'wss://srv.test/x', protocols: [], frameUrl: 'https://page.test/' }]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    const after = await conns(hub);
    expect(after.map((c) => c.id).sort()).toEqual(['a:1', 'net:1']);
    expect(after.find((c) => c.id === 'a:1')?.handshake?.requestId).toBe('2');
    expect(panel.got).toContainEqual({ type: 'connectionsRemoved', ids: ['net:2'] });
  });

  it('asks a frame whose relay never connected whether the hook runs there: yes is a worker, no (or no answer) no hook', async () => {
    const asked: Array<[number, number]> = [];
    const frameHasHook = async (tabId: number, frameId: number) => {
      asked.push([tabId, frameId]);
      if (frameId === 7) throw new Error('Could not establish connection. Receiving end does not exist.');
      return frameId === 0;
    };
    const hub = newHub(memoryPersistence(), { unseenGraceMs: GRACE, frameHasHook });
    // No relay at all: the page opened no socket itself (its only socket is in a worker).
    hub.receiveHandshake(TAB, hs('1', 'wss://srv.test/only-in-worker'));
    hub.receiveHandshake(TAB, hs('2', 'wss://srv.test/old-frame', 4));
    hub.receiveHandshake(TAB, hs('3', 'wss://srv.test/gone', 7));
    await vi.waitFor(async () => expect((await conns(hub)).length).toBe(3));
    const shown = await conns(hub);
    expect(shown.find((c) => c.id === 'net:1')).toMatchObject({ unseen: 'worker', realm: 'worker' });
    expect(shown.find((c) => c.id === 'net:2')).toMatchObject({ unseen: 'no hook', realm: 'frame' });
    expect(shown.find((c) => c.id === 'net:3')).toMatchObject({ unseen: 'no hook', realm: 'frame' });
    expect(asked.sort()).toEqual([
      [TAB, 0],
      [TAB, 4],
      [TAB, 7],
    ]);
  });

  it('never shows a handshake its hook connection claimed in time', async () => {
    // A grace time no busy machine exceeds between a batch and its ack (a miss would show net:1 below).
    const hub = newHub(memoryPersistence(), { unseenGraceMs: 1000 });
    const relay = connectRelay(hub);
    const panel = connectPanel(hub);
    hub.receiveHandshake(TAB, hs('1', 'wss://srv.test/a:1'));
    relay.send(1, [create('a:1')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    // A later unclaimed handshake: once it is shown, the check has run past the first one's grace time.
    hub.receiveHandshake(TAB, hs('2', 'wss://srv.test/later'));
    await vi.waitFor(async () => expect((await conns(hub)).map((c) => c.id)).toEqual(['a:1', 'net:2']), { timeout: 10_000, interval: 50 });
    expect(panel.got.some((m) => m.type === 'connections' && m.connections.some((c) => c.id === 'net:1'))).toBe(false);
  });

  it('sends a tabless handshake to every tab with data of its origin, and only those', async () => {
    const hub = newHub(memoryPersistence(), { unseenGraceMs: GRACE });
    for (const tabId of [1, 2]) {
      const relay = connectRelay(hub, { tabId }); // both tabs: https://page.test/
      relay.send(1, [create('a:1')]);
      await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    }
    await hub.noteTopUrl(2, 'https://page.test/');
    await hub.receiveTablessHandshake('https://page.test', { ...hs('9', 'wss://srv.test/sw'), frameId: -1 });
    await hub.receiveTablessHandshake('https://other.test', { ...hs('8', 'wss://srv.test/other'), frameId: -1 });
    for (const tabId of [1, 2])
      await vi.waitFor(async () =>
        expect((await conns(hub, tabId)).filter((c) => c.unseen)).toMatchObject([{ id: 'net:9', unseen: 'tabless' }]),
      );
  });
});
