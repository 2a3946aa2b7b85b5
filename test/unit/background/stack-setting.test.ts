/**
 * "Record stacks" from the panel to the page hooks: stored as a tab option (persisted), sent to every
 * relay when it changes and to a relay when it connects; never accepted as a command from a panel;
 * stacks on capture events land on the stored records.
 */
import { describe, expect, it, vi } from 'vitest';
import { memoryPersistence } from '../../../src/background/persistence';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { connectPanel, connectRelay, create, dump, newHub } from './rig';

const V8 = 'Error\n    at send (chrome-extension://x/hook.js:1:2)\n    at chat (http://page.test/app.js:7:3)';
const stacksOf = (r: { commands: Array<{ command: unknown }> }) =>
  r.commands.map((c) => c.command).filter((c) => (c as { op: string }).op === 'setStacks');

describe('background: Record stacks', () => {
  it('sends the setting to connected relays when it changes and to relays that connect later; stores it', async () => {
    const persistence = memoryPersistence();
    const hub = newHub(persistence);
    const early = connectRelay(hub, { frameId: 0, relayId: 'early', answer: true });
    early.send(1, [create('a:1')]);
    await vi.waitFor(() => expect(early.acks).toEqual([1]));
    expect(stacksOf(early)).toEqual([]); // off: nothing is sent
    const panel = connectPanel(hub);
    panel.post({ type: 'setOptions', options: { recordStacks: true } });
    await vi.waitFor(() => expect(stacksOf(early)).toEqual([{ op: 'setStacks', on: true }]));
    await vi.waitFor(() => expect(panel.got).toContainEqual({ type: 'options', options: expect.objectContaining({ recordStacks: true }) }));
    const late = connectRelay(hub, { frameId: 2, relayId: 'late', answer: true });
    await vi.waitFor(() => expect(stacksOf(late)).toEqual([{ op: 'setStacks', on: true }]));
    panel.post({ type: 'setOptions', options: { recordStacks: false } });
    await vi.waitFor(() =>
      expect(stacksOf(late)).toEqual([
        { op: 'setStacks', on: true },
        { op: 'setStacks', on: false },
      ]),
    );
    expect((await hub.answer({ type: 'dumpTab', tabId: 7 })) as unknown).toMatchObject({ dump: { options: { recordStacks: false } } });
  });

  it('refuses setStacks sent by a panel as a command', async () => {
    const hub = newHub(memoryPersistence());
    expect(await hub.runCommand(7, { op: 'setStacks', on: true })).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } });
  });

  it('stores creation and send stacks as frames, and a late mark without replacing a recorded stack', async () => {
    const hub = newHub(memoryPersistence());
    const relay = connectRelay(hub, { answer: true });
    relay.send(1, [
      { ...create('a:1'), stack: { raw: V8 } },
      create('a:2'),
      { k: 'message', conn: 'a:1', t: 2, dir: 'out', opcode: 1, text: 'hi', stack: { raw: V8 } },
      { k: 'stack', conn: 'a:1', t: 3, stack: { gap: 'setting-late' } },
      { k: 'stack', conn: 'a:2', t: 3, stack: { gap: 'setting-late' } },
    ]);
    await vi.waitFor(() => expect(relay.acks).toEqual([1]));
    const d = (await dump(hub)) as unknown as { connections: ConnectionRecord[]; messages: MessageRecord[] };
    const chat = { fn: 'chat', url: 'http://page.test/app.js', line: 7, col: 3 };
    expect(d.connections.find((c) => c.id === 'a:1')?.stack).toEqual({ frames: [chat] });
    expect(d.connections.find((c) => c.id === 'a:2')?.stack).toEqual({ frames: [], gap: 'setting-late' });
    expect(d.messages[0]?.stack).toEqual({ frames: [chat] });
  });
});
