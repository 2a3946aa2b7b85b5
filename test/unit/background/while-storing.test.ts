/**
 * The background answers extension pages while it is storing: findTab and
 * tabStats do not wait behind a commit held open, and tabStats counts only
 * what is persisted. The `profile` request reports the group commits.
 */
import { describe, expect, it, vi } from 'vitest';
import { isRuntimeRequest } from '../../../src/messaging/protocol';
import { TAB, connectRelay, create, gatedPersistence, newHub, text } from './rig';

/** Lets queued microtasks and immediates (memory ports, the tab's chain) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
};

/** Whether `p` settles once everything queued has run (no fixed sleep: the commit stays held meanwhile). */
async function answersNow<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let out: { done: boolean; value?: T } = { done: false };
  void p.then((value) => (out = { done: true, value }));
  await settle();
  return out;
}

describe('background answers while storing', () => {
  it('answers tabStats and findTab while a commit is held open, counting only what is stored', async () => {
    const g = gatedPersistence();
    const hub = newHub(g.persistence);
    const relay = connectRelay(hub);
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));

    g.hold();
    relay.send(2, [text('a:1', 'two'), text('a:1', 'three')]);
    await vi.waitFor(() => expect(g.commits).toHaveLength(2)); // the second commit is in flight, held
    const stats = await answersNow(hub.answer({ type: 'tabStats', tabId: TAB }));
    expect(stats).toEqual({ done: true, value: { ok: true, stats: expect.objectContaining({ messages: 1, connections: 1 }) } });
    expect(await answersNow(hub.answer({ type: 'findTab', urlContains: 'page.test' }))).toEqual({
      done: true,
      value: { ok: true, tabId: TAB },
    });
    expect(relay.acks).toEqual([1]);

    g.release();
    await vi.waitFor(() => expect(relay.acks).toEqual([1, 2]));
    expect(await hub.answer({ type: 'tabStats', tabId: TAB })).toMatchObject({ stats: { messages: 3 } });
  });

  it('reports group commits in the profile, and starts new counters on reset', async () => {
    expect(isRuntimeRequest({ type: 'profile', reset: true })).toBe(true);
    expect(isRuntimeRequest({ type: 'profile', reset: 'yes' })).toBe(false);
    const g = gatedPersistence();
    const hub = newHub(g.persistence);
    const relay = connectRelay(hub);
    g.hold();
    relay.send(1, [create('a:1'), text('a:1', 'one')]);
    await vi.waitFor(() => expect(g.commits).toHaveLength(1));
    relay.send(2, [text('a:1', 'two')]);
    relay.send(3, [text('a:1', 'three'), text('a:1', 'four')]);
    await settle();
    g.release();
    await vi.waitFor(() => expect(relay.acks).toEqual([1, 3])); // 2 and 3 shared a commit: one cumulative ack
    const { profile } = (await hub.answer({ type: 'profile', reset: true })) as { profile: Record<string, number> };
    expect(profile).toMatchObject({ commits: 2, batches: 3, records: 4, maxBatchesPerCommit: 2, maxRecordsPerCommit: 3, maxInbox: 2 });
    expect(profile.saveMs).toBeGreaterThan(0);
    expect(await hub.answer({ type: 'profile' })).toMatchObject({ profile: { commits: 0, batches: 0, records: 0 } });
  });
});
