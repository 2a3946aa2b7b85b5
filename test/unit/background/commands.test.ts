/**
 * Command routing through the background's sessions: panel → router → the
 * relay of the frame that created the connection, and back; refusals; the
 * relay timeout answering before the panel's own; holds and their release.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import { RELAY_TIMEOUT_MS } from '../../../src/background/command-router';
import { COMMAND_TIMEOUT_MS, createCommandClient } from '../../../src/panel/compose/rpc';
import type { Hub } from '../../../src/background/hub';
import { connectPanel, connectRelay, create, newHub } from './rig';

const send = (conn: string) => ({ op: 'send', conn, payload: { opcode: 1, text: 'x' }, origin: 'composed' });
// Both held-message shapes (text/opcode fields, and the payload object): the guard accepts either while commands change shape.
const held = {
  type: 'held',
  held: { holdId: 'a:1/1', conn: 'a:1', dir: 'out', t: 1, ruleId: 'r', opcode: 1, text: 's1', payload: { opcode: 1, text: 's1' } },
};
const hold = { op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: 's', action: 'hold' }] };

/** A panel with the real RPC client (5 s timeout) on top of its port. */
function panelClient(hub: Hub) {
  const panel = connectPanel(hub);
  const client = createCommandClient((m) => panel.post(m));
  panel.port.addListener((m) => client.onEvent(m));
  return { ...panel, request: client.request };
}

/** A tab with connection a:1 in frame 0 and b:1 in frame 3, both relays connected. */
async function twoFrames(hub: Hub, answer = true) {
  const top = connectRelay(hub, { frameId: 0, relayId: 'top', answer });
  const sub = connectRelay(hub, { frameId: 3, relayId: 'sub', answer });
  top.send(1, [create('a:1')]);
  sub.send(1, [create('b:1')]);
  await vi.waitFor(() => expect([top.acks, sub.acks]).toEqual([[1], [1]]));
  return { top, sub };
}

afterEach(() => void vi.useRealTimers());

describe('background command routing', () => {
  it('sends a command to the relay of the frame that created the connection', async () => {
    const hub = newHub(memoryPersistence());
    const { top, sub } = await twoFrames(hub);
    const panel = panelClient(hub);
    expect(await panel.request(send('b:1') as never)).toEqual({ ok: true, result: {} });
    expect(top.commands).toEqual([]);
    expect(sub.commands.map((r) => r.command)).toEqual([send('b:1')]);
  });

  it('refuses connections of other tabs, malformed commands, and frames whose relay is gone (NO_PAGE)', async () => {
    const hub = newHub(memoryPersistence());
    const { sub } = await twoFrames(hub);
    const panel = panelClient(hub);
    expect(await panel.request(send('zz:9') as never)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CONNECTION' } });
    expect(await panel.request({ op: 'inject', conn: 'a:1' } as never)).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } });
    sub.close(); // the subframe navigated away
    await vi.waitFor(async () =>
      expect(await panel.request(send('b:1') as never)).toMatchObject({ ok: false, error: { code: 'NO_PAGE' } }),
    );
  });

  it('fails a pending command with NO_PAGE when its frame disconnects', async () => {
    const hub = newHub(memoryPersistence());
    const { top } = await twoFrames(hub, false);
    const panel = panelClient(hub);
    const pending = panel.request({ op: 'reopen', conn: 'a:1' });
    await vi.waitFor(() => expect(top.commands).toHaveLength(1));
    top.close();
    expect(await pending).toMatchObject({
      ok: false,
      error: { code: 'NO_PAGE', message: 'the page navigated away or the frame was closed' },
    });
    expect(hub.router.pendingCount).toBe(0);
  });

  it('answers TIMEOUT itself before the panel would give up', async () => {
    expect(RELAY_TIMEOUT_MS).toBeLessThan(COMMAND_TIMEOUT_MS);
    const hub = newHub(memoryPersistence());
    const { top } = await twoFrames(hub, false);
    const panel = panelClient(hub);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const outcome = panel.request({ op: 'reopen', conn: 'a:1' });
    await vi.waitFor(() => expect(top.commands).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(RELAY_TIMEOUT_MS);
    // The background's answer names the page; the panel's own would say "no answer from the page".
    expect(await outcome).toEqual({
      ok: false,
      error: { code: 'TIMEOUT', message: `the page did not answer within ${RELAY_TIMEOUT_MS / 1000} s` },
    });
  });

  it('refuses a catastrophic regex before any relay gets it (the hook does not check again)', async () => {
    const hub = newHub(memoryPersistence());
    const { top, sub } = await twoFrames(hub);
    const panel = panelClient(hub);
    const slow = { op: 'setIntercept', rules: [{ id: 'slow', dir: 'in', match: '^(a+)+$', regex: true, action: 'hold' }] };
    expect(await panel.request(slow as never)).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } });
    const late = connectRelay(hub, { frameId: 5, relayId: 'late', answer: true });
    late.send(1, [create('c:1')]);
    await vi.waitFor(() => expect(late.acks).toEqual([1]));
    expect([top.commands, sub.commands, late.commands]).toEqual([[], [], []]);
  });

  it('broadcasts rules, gives them to relays that connect later, shows holds, releases when the last panel leaves', async () => {
    const hub = newHub(memoryPersistence());
    const a = connectRelay(hub, { frameId: 0, relayId: 'a', answer: true });
    const first = panelClient(hub);
    expect(await first.request(hold as never)).toEqual({ ok: true, result: {} });
    const b = connectRelay(hub, { frameId: 3, relayId: 'b', answer: true });
    await vi.waitFor(() => expect(b.commands.map((r) => r.command.op)).toEqual(['setIntercept']));
    a.post(held);
    await vi.waitFor(() => expect(first.got).toContainEqual(held));
    const late = panelClient(hub);
    await vi.waitFor(() => expect(late.got).toContainEqual(held)); // a new panel sees what is held now
    first.close();
    await vi.waitFor(() => expect(hub.knownTabIds()).toHaveLength(1));
    expect(a.commands.map((r) => r.command.op)).toEqual(['setIntercept']); // one panel still there
    late.close();
    await vi.waitFor(() => expect(a.commands.map((r) => r.command.op)).toEqual(['setIntercept', 'release']));
    expect(b.commands.map((r) => r.command.op)).toEqual(['setIntercept', 'release']);
  });

  it('reports what a vanished frame held as released', async () => {
    const hub = newHub(memoryPersistence());
    const a = connectRelay(hub, { answer: true });
    const panel = panelClient(hub);
    await panel.request(hold as never);
    a.post(held);
    await vi.waitFor(() => expect(panel.got).toContainEqual(held));
    a.close();
    await vi.waitFor(() => expect(panel.got).toContainEqual({ type: 'released', holdId: 'a:1/1', action: 'forward', reason: 'release' }));
  });
});
