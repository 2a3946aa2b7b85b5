import { afterEach, describe, expect, it } from 'vitest';
import { addCommandPanel, forgetTabCommands, onRelayReply, registerRelay, runCommand, unregisterRelay } from '../../../extension/background/commands';
import type { RelayLink } from '../../../extension/background/commands';
import type { CommandRequest, PanelReply } from '../../../src/messaging/protocol';

const TAB = 42;
afterEach(() => forgetTabCommands(TAB));

/** A relay that records requests; `auto` answers them ok at once. */
function relay(frameId: number, auto = true) {
  const got: CommandRequest[] = [];
  const link: RelayLink = registerRelay(TAB, frameId, (m) => {
    got.push(m);
    if (auto) queueMicrotask(() => onRelayReply(link, { type: 'commandResult', id: m.id, ok: true, result: {} }));
  });
  return { link, got };
}
const frames: Record<string, number> = { 'a:1': 0, 'b:1': 3 };
const frameOf = async (conn: string) => frames[conn];
const run = (command: unknown) => new Promise((resolve) => void runCommand(TAB, command, resolve, frameOf));

describe('background command routing', () => {
  it('sends a command to the relay of the frame that created the connection', async () => {
    const top = relay(0);
    const sub = relay(3);
    expect(await run({ op: 'send', conn: 'b:1', payload: { opcode: 1, text: 'x' }, origin: 'composed' })).toEqual({ ok: true, result: {} });
    expect(top.got).toEqual([]);
    expect(sub.got.map((r) => r.command)).toEqual([{ op: 'send', conn: 'b:1', payload: { opcode: 1, text: 'x' }, origin: 'composed' }]);
  });

  it('refuses connections of other tabs, frames without a relay, and malformed commands', async () => {
    expect(await run({ op: 'inject', conn: 'zz:9', payload: { opcode: 1, text: 'x' } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CONNECTION' } });
    expect(await run({ op: 'inject', conn: 'a:1', payload: { opcode: 1, text: 'x' } })).toMatchObject({ ok: false, error: { code: 'NO_PAGE' } });
    expect(await run({ op: 'inject', conn: 'a:1' })).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } });
  });

  it('fails pending requests when the relay goes away (navigation)', async () => {
    const r = relay(0, false);
    const pending = run({ op: 'reopen', conn: 'a:1' });
    await Promise.resolve();
    await Promise.resolve();
    expect(r.got).toHaveLength(1);
    unregisterRelay(r.link);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'NO_PAGE', message: 'the page navigated away or the frame was closed' } });
  });

  it('broadcasts rules, gives them to relays that connect later, forwards holds, releases when the last panel leaves', async () => {
    const a = relay(0);
    const seen: PanelReply[] = [];
    const leave = addCommandPanel(TAB, (m) => seen.push(m));
    expect(await run({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: 's', action: 'hold' }] })).toEqual({ ok: true, result: {} });
    const b = relay(3);
    expect(b.got.map((r) => r.command.op)).toEqual(['setIntercept']);
    onRelayReply(a.link, { type: 'held', held: { holdId: 'a:1/1', conn: 'a:1', dir: 'out', t: 1, ruleId: 'r', opcode: 1, text: 's1' } });
    expect(seen).toEqual([{ type: 'held', held: expect.objectContaining({ holdId: 'a:1/1' }) }]);
    const late: PanelReply[] = [];
    const leaveLate = addCommandPanel(TAB, (m) => late.push(m));
    expect(late).toEqual([{ type: 'held', held: expect.objectContaining({ holdId: 'a:1/1' }) }]); // a new panel sees what is held now
    leave();
    expect(a.got.map((r) => r.command.op)).toEqual(['setIntercept']); // one panel still there
    leaveLate();
    expect(a.got.map((r) => r.command.op)).toEqual(['setIntercept', 'release']);
    expect(b.got.map((r) => r.command.op)).toEqual(['setIntercept', 'release']);
  });
});
