/**
 * What a frame may hear (intercept rules) and say (capture events): the pure
 * rules, then the same through the background hub with a top frame and a
 * third-party iframe.
 */
import { describe, expect, it, vi } from 'vitest';
import { frameScope, ownEvents, rulesForFrame } from '../../../src/messaging/frame-scope';
import type { InterceptRule } from '../../../src/messaging/protocol';
import { createMemoryPair } from '../../../src/messaging/adapter';
import { PROTOCOL_VERSION } from '../../../src/messaging/protocol';
import type { BackgroundToRelay, BackgroundToRelayCommand, CommandRequest, WireEvent } from '../../../src/messaging/protocol';
import { attachRelay } from '../../../src/background/relay-session';
import { memoryPersistence } from '../../../src/background/persistence';
import type { Hub } from '../../../src/background/hub';
import { TAB, connectPanel, create, dump, newHub, text } from '../background/rig';

const all: InterceptRule = { id: 'all', dir: 'both', match: '', action: 'hold' };
const reply: InterceptRule = {
  id: 'reply',
  dir: 'in',
  match: 'ping',
  action: 'reply',
  reply: { as: 'send', payload: { opcode: 1, text: 'secret-token' } },
};
const named: InterceptRule = { id: 'named', dir: 'out', match: '', action: 'hold', conns: ['top:1', 'ads:1'] };
const owners: Record<string, number> = { 'top:1': 0, 'same:1': 2, 'ads:1': 5 };
const ownerOf = (c: string) => owners[c];

describe('frame scope (pure)', () => {
  it('same origin as the top frame: frame 0, or equal known origins; opaque and unknown origins are foreign', () => {
    expect(frameScope(0, 'https://ads.example/x', 'https://page.test/').sameOriginAsTop).toBe(true);
    expect(frameScope(2, 'https://page.test/frame', 'https://page.test/').sameOriginAsTop).toBe(true);
    expect(frameScope(5, 'https://ads.example/x', 'https://page.test/').sameOriginAsTop).toBe(false);
    expect(frameScope(5, 'http://page.test/', 'https://page.test/').sameOriginAsTop).toBe(false);
    expect(frameScope(6, 'about:blank', 'https://page.test/').sameOriginAsTop).toBe(false);
    expect(frameScope(7, 'https://page.test/', undefined).sameOriginAsTop).toBe(false);
  });

  it('a foreign frame gets only rules that name its own connections, and only those names', () => {
    const rules = [all, reply, named];
    expect(rulesForFrame(rules, { frameId: 0, sameOriginAsTop: true }, ownerOf).map((r) => [r.id, r.conns])).toEqual([
      ['all', undefined],
      ['reply', undefined],
      ['named', ['top:1']],
    ]);
    expect(rulesForFrame(rules, { frameId: 2, sameOriginAsTop: true }, ownerOf).map((r) => r.id)).toEqual(['all', 'reply']);
    expect(rulesForFrame(rules, { frameId: 5, sameOriginAsTop: false }, ownerOf)).toEqual([{ ...named, conns: ['ads:1'] }]);
    expect(rulesForFrame(rules, { frameId: 9, sameOriginAsTop: false }, ownerOf)).toEqual([]);
  });

  it('a frame reports events only for connections it created (or new ones)', () => {
    const events = [create('top:1'), text('top:1', 'forged'), create('ads:2'), text('ads:1', 'mine')];
    const r = ownEvents(events, 5, ownerOf);
    expect(r.kept.map((e) => e.conn)).toEqual(['ads:2', 'ads:1']);
    expect(r.refused).toBe(2);
  });
});

/** A relay as the browser names it: frame id and URLs from sender info. */
function relay(hub: Hub, frameId: number, frameUrl: string, relayId: string) {
  const [bg, page] = createMemoryPair<BackgroundToRelay | BackgroundToRelayCommand, unknown>();
  attachRelay(hub, bg, { tabId: TAB, frameId, tabUrl: 'https://page.test/' });
  const commands: CommandRequest[] = [];
  const acks: number[] = [];
  page.addListener((m) => {
    if (m.type === 'ack') return void acks.push(m.seq);
    commands.push(m);
    page.postMessage({ type: 'commandResult', id: m.id, ok: true, result: {} });
  });
  page.postMessage({ type: 'hello', v: PROTOCOL_VERSION, relayId, frameUrl, isTop: frameId === 0, reconnect: false });
  return { commands, acks, send: (seq: number, events: WireEvent[]) => page.postMessage({ type: 'batch', seq, events }) };
}

const rulesSent = (r: { commands: CommandRequest[] }) =>
  r.commands.flatMap((c) => (c.command.op === 'setIntercept' ? [c.command.rules.map((x) => x.id)] : []));

describe('frame scope in the background', () => {
  it("a third-party iframe never receives the top page's rules or reply payloads; a rule naming its connection reaches it", async () => {
    const hub = newHub(memoryPersistence());
    const top = relay(hub, 0, 'https://page.test/', 'top');
    const same = relay(hub, 2, 'https://page.test/inner', 'same');
    const ads = relay(hub, 5, 'https://ads.example/frame', 'ads');
    top.send(1, [create('top:1')]);
    ads.send(1, [create('ads:1')]);
    await vi.waitFor(() => expect([top.acks, ads.acks]).toEqual([[1], [1]]));
    const panel = connectPanel(hub);
    panel.post({ type: 'command', id: 1, command: { op: 'setIntercept', rules: [all, reply] } });
    await vi.waitFor(() => expect(panel.got.some((m) => m.type === 'commandResult')).toBe(true));
    expect([rulesSent(top), rulesSent(same), rulesSent(ads)]).toEqual([[['all', 'reply']], [['all', 'reply']], [[]]]);
    panel.post({ type: 'command', id: 2, command: { op: 'setIntercept', rules: [all, named] } });
    await vi.waitFor(() => expect(rulesSent(ads)).toHaveLength(2));
    expect(ads.commands.at(-1)?.command).toMatchObject({ op: 'setIntercept', rules: [{ id: 'named', conns: ['ads:1'] }] });
    // A late third-party relay gets nothing; a late same-origin one gets the unscoped rule.
    const late = relay(hub, 8, 'https://ads.example/other', 'late');
    const lateSame = relay(hub, 9, 'https://page.test/late', 'late-same');
    await vi.waitFor(() => expect(rulesSent(lateSame)).toEqual([['all']]));
    expect(late.commands).toEqual([]);
  });

  it('refuses capture events for a connection another frame created (no forged messages or closes)', async () => {
    const hub = newHub(memoryPersistence());
    const top = relay(hub, 0, 'https://page.test/', 'top');
    const ads = relay(hub, 5, 'https://ads.example/frame', 'ads');
    top.send(1, [create('top:1'), text('top:1', 'real')]);
    await vi.waitFor(() => expect(top.acks).toEqual([1]));
    ads.send(1, [create('top:1'), text('top:1', 'forged'), { k: 'close', conn: 'top:1', t: 3, code: 1000, reason: '', wasClean: true }]);
    await vi.waitFor(() => expect(ads.acks).toEqual([1]));
    const d = await dump(hub);
    expect(d?.messages.map((m) => m.data)).toEqual(['real']);
    expect(d?.connections).toEqual([expect.objectContaining({ id: 'top:1', frameId: 0, state: 'connecting' })]);
  });
});
