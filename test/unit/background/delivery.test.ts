/**
 * "Nothing captured is lost": relay batches are acknowledged only after they
 * are persisted, group-committed while a commit is in flight, recognised as
 * duplicates by (relayId, seq) after a restart, and restored from storage.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import { DEFAULT_LIMITS } from '../../../src/store/limits';
import { TAB, close, connectPanel, connectRelay, create, dump, gatedPersistence, newHub, text } from './rig';

/** Lets queued microtasks (memory ports, the tab's chain) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
};

describe('background delivery', () => {
  it('acknowledges a batch only after its commit has resolved', async () => {
    const g = gatedPersistence();
    const hub = newHub(g.persistence);
    const relay = connectRelay(hub);
    g.hold();
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    await vi.waitFor(() => expect(g.commits).toHaveLength(1));
    await settle();
    expect(relay.acks).toEqual([]); // persisting: the relay must keep the batch
    g.release();
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
  });

  it('group-commits the batches that wait while a commit is in flight', async () => {
    const g = gatedPersistence();
    const hub = newHub(g.persistence);
    const relay = connectRelay(hub);
    g.hold();
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    await vi.waitFor(() => expect(g.commits).toHaveLength(1));
    relay.send(2, [text('a:1', 'two')]);
    relay.send(3, [text('a:1', 'three')]);
    relay.send(4, [text('a:1', 'four')]);
    await settle();
    expect(g.commits).toHaveLength(1);
    g.release();
    // Acks are cumulative: the commit of 2, 3 and 4 answers with one ack, for 4 (one port message, not three).
    await vi.waitFor(() => expect(relay.acks).toEqual([1, 4]));
    expect(g.commits).toHaveLength(2); // one commit for the three batches that waited
    expect(g.commits[1]?.records.map((r) => r.data)).toEqual(['two', 'three', 'four']);
    expect(g.commits[1]?.connections.map((c) => c.id)).toEqual(['a:1']);
  });

  it('answers a commit shared by two relays with one cumulative ack to each', async () => {
    const g = gatedPersistence();
    const hub = newHub(g.persistence);
    const top = connectRelay(hub, { relayId: 'top', frameId: 0 });
    const sub = connectRelay(hub, { relayId: 'sub', frameId: 3 });
    g.hold();
    top.send(1, [create('t:1')]);
    await vi.waitFor(() => expect(g.commits).toHaveLength(1));
    sub.send(1, [create('s:1'), text('s:1', 'a')]);
    top.send(2, [text('t:1', 'b')]);
    sub.send(2, [text('s:1', 'c')]);
    top.send(3, [text('t:1', 'd')]);
    await settle();
    g.release();
    await vi.waitFor(() => expect([top.acks, sub.acks]).toEqual([[1, 3], [2]]));
    expect(g.commits).toHaveLength(2);
  });

  it('bounds a group commit by bytes and events; the rest gets the next commits, nothing is lost', async () => {
    const g = gatedPersistence();
    const hub = newHub(g.persistence, { groupLimits: { maxBytes: 12, maxEvents: 3 } });
    const relay = connectRelay(hub);
    g.hold();
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    await vi.waitFor(() => expect(g.commits).toHaveLength(1));
    relay.send(2, [text('a:1', 'two---')]); // 6 bytes
    relay.send(3, [text('a:1', 'three-')]); // 12 with the one before: still one group
    relay.send(4, [text('a:1', 'four--')]); // 18: over the byte limit
    relay.send(5, [text('a:1', 'f'), text('a:1', 'g'), text('a:1', 'h'), text('a:1', 'i')]); // over the event limit alone: a group of its own
    relay.send(6, [text('a:1', 'j')]);
    await settle();
    g.release();
    await vi.waitFor(() => expect(relay.acks).toEqual([1, 3, 4, 5, 6])); // 2 and 3 shared a commit: one cumulative ack
    expect(g.commits.map((c) => c.records.map((r) => r.data).join(','))).toEqual(['one', 'two---,three-', 'four--', 'f,g,h,i', 'j']);
    expect((await dump(hub))?.messages).toHaveLength(9);
  });

  it('stores a batch resent after a restart once, and restores the tab from storage', async () => {
    const stored = memoryPersistence();
    const first = newHub(stored);
    const before = connectRelay(first, { relayId: 'doc-1' });
    before.send(1, [create('a:1'), text('a:1', 'one')]);
    before.send(2, [text('a:1', 'two')]);
    await vi.waitFor(() => expect(before.ackedThrough()).toBe(2));

    // The worker stops; the relay never saw ack 2 (Chrome drops messages posted just before a stop) and resends.
    const hub = newHub(stored);
    const panel = connectPanel(hub);
    await vi.waitFor(() => expect(panel.got.map((m) => m.type)).toEqual(['reset', 'messages']));
    expect(panel.got[0]).toMatchObject({ type: 'reset', connections: [{ id: 'a:1', sent: { messages: 2 } }], stats: { messages: 2 } });
    const after = connectRelay(hub, { relayId: 'doc-1' });
    after.send(2, [text('a:1', 'two')]);
    after.send(3, [text('a:1', 'three'), close('a:1')]);
    await vi.waitFor(() => expect(after.ackedThrough()).toBe(3));
    expect((await dump(hub))?.messages.map((m) => m.data)).toEqual(['one', 'two', 'three']);

    // And a third start restores exactly that.
    expect((await dump(newHub(stored)))?.messages.map((m) => m.data)).toEqual(['one', 'two', 'three']);
    expect((await dump(newHub(stored)))?.connections).toMatchObject([{ id: 'a:1', state: 'closed', sent: { messages: 3 } }]);
  });

  it('writes and sends only the connections a commit changed; reset is the only full list', async () => {
    const g = gatedPersistence();
    const hub = newHub(g.persistence);
    const relay = connectRelay(hub);
    relay.send(1, [create('a:1'), create('a:2'), create('a:3')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    const panel = connectPanel(hub);
    await vi.waitFor(() => expect(panel.got[0]?.type).toBe('reset'));
    relay.send(2, [text('a:2', 'only a:2')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1, 2]));
    expect(g.commits[1]?.connections.map((c) => c.id)).toEqual(['a:2']);
    await vi.waitFor(() => expect(panel.got.some((m) => m.type === 'stats')).toBe(true));
    const lists = panel.got.flatMap((m) =>
      m.type === 'connections' || m.type === 'reset' ? [[m.type, m.connections.map((c) => c.id)]] : [],
    );
    expect(lists).toEqual([
      ['reset', ['a:1', 'a:2', 'a:3']],
      ['connections', ['a:2']],
    ]);
  });

  it('acknowledges a duplicate without storing it again', async () => {
    const hub = newHub(memoryPersistence());
    const relay = connectRelay(hub);
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    await vi.waitFor(() => expect(relay.ackedThrough()).toBe(1)); // one ack when both shared a commit, two otherwise
    expect((await dump(hub))?.messages).toHaveLength(1);
    expect(hub.knownTabIds()).toEqual([TAB]);
  });

  it('deletes the rows of connections evicted by the connection cap', async () => {
    const g = gatedPersistence();
    const limits = { ...DEFAULT_LIMITS, maxConnections: 2 };
    const hub = newHub(g.persistence, { limits });
    const relay = connectRelay(hub);
    relay.send(1, [create('a:1'), close('a:1'), create('a:2')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    relay.send(2, [create('a:3')]); // over the cap: a:1 (closed, no messages) goes
    await vi.waitFor(() => expect(relay.acks).toEqual([1, 2]));
    expect(g.commits.map((c) => c.removedConnections)).toEqual([undefined, ['a:1']]);
    const restored = await dump(newHub(g.inner, { limits }));
    expect(restored?.connections.map((c) => c.id)).toEqual(['a:2', 'a:3']);
    expect(await hub.answer({ type: 'tabStats', tabId: TAB })).toMatchObject({ stats: { connections: 2, connectionsEvicted: 1 } });
  });
});
