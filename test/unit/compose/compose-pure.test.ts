import { describe, expect, it } from 'vitest';
import { encodeSocketIoEmit, parseSocketIoAck } from '../../../src/panel/compose/socketio';
import { buildPayload, editorContent, payloadOf, prettyJson } from '../../../src/panel/compose/payload-input';
import { planReplay } from '../../../src/panel/compose/replay';
import { compileRules, matchRules } from '../../../src/hook/rules';
import { connOfHold, validateCommand } from '../../../src/messaging/commands';
import { toHookCommand, toWireNotice } from '../../../src/relay/commands';
import type { MessageRecord } from '../../../src/model/records';

const rec = (id: number, t: number, data = `m${id}`, extra: Partial<MessageRecord> = {}): MessageRecord => ({ id, conn: 'c', t, dir: 'out', opcode: 1, size: data.length, data, ...extra });

describe('Socket.IO compose', () => {
  it('encodes events with and without ack and namespace', () => {
    expect(encodeSocketIoEmit({ event: 'publish', argsJson: '["hi", {"n": 1}]', namespace: '/' })).toEqual({ ok: true, text: '42["publish","hi",{"n":1}]' });
    expect(encodeSocketIoEmit({ event: 'publish', argsJson: '"hi"', namespace: '/', ackId: 12 })).toEqual({ ok: true, text: '4212["publish","hi"]' });
    expect(encodeSocketIoEmit({ event: 'join', argsJson: '', namespace: '/admin', ackId: 3 })).toEqual({ ok: true, text: '42/admin,3["join"]' });
    expect(encodeSocketIoEmit({ event: 'x', argsJson: '[1,', namespace: '/' })).toMatchObject({ ok: false, error: expect.stringMatching(/^arguments: /) });
    expect(encodeSocketIoEmit({ event: '', argsJson: '', namespace: '/' })).toEqual({ ok: false, error: 'event name required' });
    expect(encodeSocketIoEmit({ event: 'disconnect', argsJson: '', namespace: '/' })).toMatchObject({ ok: false });
    expect(encodeSocketIoEmit({ event: 'x', argsJson: '', namespace: 'admin' })).toEqual({ ok: false, error: 'namespace must start with /' });
  });
  it('recognises the ack of one id only', () => {
    expect(parseSocketIoAck('439172[{"ok":true}]', 9172)).toEqual([{ ok: true }]);
    expect(parseSocketIoAck('43/admin,5["a"]', 5)).toEqual(['a']);
    expect(parseSocketIoAck('4391[{"ok":true}]', 9172)).toBeUndefined();
    expect(parseSocketIoAck('42["x"]', 42)).toBeUndefined();
  });
});

describe('compose payloads', () => {
  it('validates JSON, hex and base64 before anything is sent', () => {
    expect(buildPayload('text', 'hi')).toEqual({ ok: true, payload: { opcode: 1, text: 'hi' } });
    expect(buildPayload('json', '{"a":')).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid JSON/) });
    expect(buildPayload('hex', '0x81 0x05')).toEqual({ ok: true, payload: { opcode: 2, base64: 'gQU=' } });
    expect(buildPayload('hex', '81 8')).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid hex: .*line 1, column/) });
    expect(buildPayload('base64', 'AQID')).toEqual({ ok: true, payload: { opcode: 2, base64: 'AQID' } });
    expect(buildPayload('base64', 'A*ID')).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid base64/) });
    expect(buildPayload('text', 'x'.repeat(16 * 1024 * 1024 + 1))).toMatchObject({ ok: false, error: expect.stringMatching(/too big/) });
  });
  it('pretty-prints JSON and loads stored messages into the editor', () => {
    expect(prettyJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson('nope')).toBe('nope');
    expect(editorContent(rec(1, 0, '{"a":1}'))).toEqual({ format: 'json', text: '{"a":1}' });
    expect(editorContent(rec(1, 0, 'AQID', { opcode: 2 }))).toEqual({ format: 'hex', text: '01 02 03' });
    expect(payloadOf(rec(1, 0, 'cut', { truncated: true }))).toMatchObject({ ok: false });
  });
});

describe('replay plan', () => {
  it('keeps id order, original spacing or a fixed interval', () => {
    const list = [rec(3, 1500), rec(1, 1000), rec(2, 1300)];
    expect(planReplay(list, 'original', 0).map((s) => [s.rec.id, s.at])).toEqual([[1, 0], [2, 300], [3, 500]]);
    expect(planReplay(list, 'fixed', 250).map((s) => [s.rec.id, s.at])).toEqual([[1, 0], [2, 250], [3, 500]]);
  });
});

describe('intercept rules', () => {
  it('match by direction, substring or regex; empty matches binary too', () => {
    const c = compileRules([
      { id: 'a', dir: 'out', match: 'secret', action: 'hold' },
      { id: 'b', dir: 'both', match: '^ping$', regex: true, action: 'reply', reply: { as: 'inject', payload: { opcode: 1, text: 'pong' } } },
      { id: 'c', dir: 'in', match: '', action: 'hold' },
    ]);
    if (!c.ok) throw new Error(c.error);
    expect(matchRules(c.rules, 'out', 'my secret').hold?.id).toBe('a');
    expect(matchRules(c.rules, 'in', 'my secret').hold?.id).toBe('c');
    expect(matchRules(c.rules, 'out', 'ping').hold).toBeUndefined();
    expect(matchRules(c.rules, 'out', 'ping').replies.map((r) => r.id)).toEqual(['b']);
    expect(matchRules(c.rules, 'out', new ArrayBuffer(2)).hold).toBeUndefined();
    expect(matchRules(c.rules, 'in', new ArrayBuffer(2)).hold?.id).toBe('c');
    expect(compileRules([{ id: 'x', dir: 'out', match: '[', regex: true, action: 'hold' }])).toMatchObject({ ok: false });
  });
});

describe('command validation (background)', () => {
  it('rebuilds commands from known fields and refuses the rest', () => {
    expect(validateCommand({ op: 'send', conn: 'a:1', payload: { opcode: 1, text: 'x' }, origin: 'resent', extra: 1 })).toEqual({ ok: true, command: { op: 'send', conn: 'a:1', payload: { opcode: 1, text: 'x' }, origin: 'resent' } });
    expect(validateCommand({ op: 'send', conn: 'a:1', payload: { opcode: 1, text: 'x' }, origin: 'page' })).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } });
    expect(validateCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, base64: 'not base64!' } })).toMatchObject({ ok: false, error: { code: 'BAD_COMMAND' } });
    expect(validateCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, base64: 'A'.repeat(24 * 1024 * 1024) } })).toMatchObject({ ok: false, error: { code: 'TOO_BIG' } });
    expect(validateCommand({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: '(', regex: true, action: 'hold' }] })).toMatchObject({ ok: false });
    expect(validateCommand({ op: 'setIntercept', rules: [], holdTimeoutMs: 5 })).toMatchObject({ ok: false });
    expect(validateCommand({ op: 'decide', holdId: 'a:1/2', action: 'drop', payload: { opcode: 1, text: 'ignored' } })).toEqual({ ok: true, command: { op: 'decide', holdId: 'a:1/2', action: 'drop' } });
    expect(validateCommand({ op: 'eval', code: '1' })).toMatchObject({ ok: false });
    expect(connOfHold('ab:3/17')).toBe('ab:3');
  });
});

describe('relay conversion', () => {
  it('decodes base64 to a transferable buffer for the hook, and encodes held bytes back', async () => {
    const c = toHookCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, base64: 'AQID' } });
    if (!c.ok || c.command.op !== 'inject' || c.command.payload.opcode !== 2) throw new Error('expected a binary inject');
    expect([...new Uint8Array(c.command.payload.bytes)]).toEqual([1, 2, 3]);
    expect(c.transfer).toEqual([c.command.payload.bytes]);
    const w = await toWireNotice({ type: 'held', held: { holdId: 'a:1/1', conn: 'a:1', dir: 'in', t: 1, ruleId: 'r', opcode: 2, bytes: new Blob([new Uint8Array([255])]) } });
    expect(w).toEqual({ type: 'held', held: { holdId: 'a:1/1', conn: 'a:1', dir: 'in', t: 1, ruleId: 'r', opcode: 2, bytes: '/w==' } });
  });
});
