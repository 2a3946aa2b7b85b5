import { describe, expect, it } from 'vitest';
import { encodeSocketIoEmit, parseSocketIoAck } from '../../../src/panel/compose/socketio';
import { buildPayload, editorContent, payloadOf, prettyJson } from '../../../src/panel/compose/payload-input';
import { planReplay } from '../../../src/panel/compose/replay';
import { compileRules, matchRules } from '../../../src/hook/rules';
import type { MessageRecord } from '../../../src/model/records';

const rec = (id: number, t: number, data = `m${id}`, extra: Partial<MessageRecord> = {}): MessageRecord => ({
  id,
  conn: 'c',
  t,
  dir: 'out',
  opcode: 1,
  size: data.length,
  data,
  ...extra,
});

describe('Socket.IO compose', () => {
  it('encodes events with and without ack and namespace', () => {
    expect(encodeSocketIoEmit({ event: 'publish', argsJson: '["hi", {"n": 1}]', namespace: '/' })).toEqual({
      ok: true,
      text: '42["publish","hi",{"n":1}]',
    });
    expect(encodeSocketIoEmit({ event: 'publish', argsJson: '"hi"', namespace: '/', ackId: 12 })).toEqual({
      ok: true,
      text: '4212["publish","hi"]',
    });
    expect(encodeSocketIoEmit({ event: 'join', argsJson: '', namespace: '/admin', ackId: 3 })).toEqual({
      ok: true,
      text: '42/admin,3["join"]',
    });
    expect(encodeSocketIoEmit({ event: 'x', argsJson: '[1,', namespace: '/' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^arguments: /),
    });
    expect(encodeSocketIoEmit({ event: '', argsJson: '', namespace: '/' })).toEqual({ ok: false, error: 'event name required' });
    expect(encodeSocketIoEmit({ event: 'disconnect', argsJson: '', namespace: '/' })).toMatchObject({ ok: false });
    expect(encodeSocketIoEmit({ event: 'x', argsJson: '', namespace: 'admin' })).toEqual({
      ok: false,
      error: 'namespace must start with /',
    });
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
    const bytes = (r: ReturnType<typeof buildPayload>) => (r.ok && r.payload.opcode === 2 ? [...new Uint8Array(r.payload.bytes)] : r);
    expect(bytes(buildPayload('hex', '0x81 0x05'))).toEqual([0x81, 0x05]);
    expect(buildPayload('hex', '81 8')).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid hex: .*line 1, column/) });
    expect(bytes(buildPayload('base64', 'AQID'))).toEqual([1, 2, 3]);
    expect(buildPayload('base64', 'A*ID')).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid base64/) });
    expect(buildPayload('text', 'x'.repeat(16 * 1024 * 1024 + 1))).toMatchObject({ ok: false, error: expect.stringMatching(/too big/) });
  });
  it('pretty-prints JSON and loads stored messages into the editor', () => {
    expect(prettyJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson('nope')).toBe('nope');
    expect(editorContent(rec(1, 0, '{"a":1}'))).toEqual({ format: 'json', text: '{"a":1}' });
    expect(editorContent(rec(1, 0, 'AQID', { opcode: 2 }))).toEqual({ format: 'hex', text: '01 02 03' });
    expect(payloadOf(rec(1, 0, 'cut', { truncated: true }))).toMatchObject({ ok: false });
    // The store keeps base64; a resend carries the bytes.
    const p = payloadOf(rec(1, 0, 'AQID', { opcode: 2 }));
    expect(p.ok && p.payload.opcode === 2 && [...new Uint8Array(p.payload.bytes)]).toEqual([1, 2, 3]);
    // An empty binary message is stored as '' and resends as an empty binary payload.
    const empty = payloadOf(rec(1, 0, '', { opcode: 2 }));
    expect(empty.ok && empty.payload.opcode === 2 && empty.payload.bytes.byteLength).toBe(0);
    expect(editorContent(rec(1, 0, '', { opcode: 2 }))).toEqual({ format: 'hex', text: '' });
  });
});

describe('replay plan', () => {
  it('keeps id order, original spacing or a fixed interval', () => {
    const list = [rec(3, 1500), rec(1, 1000), rec(2, 1300)];
    expect(planReplay(list, 'original', 0).map((s) => [s.rec.id, s.at])).toEqual([
      [1, 0],
      [2, 300],
      [3, 500],
    ]);
    expect(planReplay(list, 'fixed', 250).map((s) => [s.rec.id, s.at])).toEqual([
      [1, 0],
      [2, 250],
      [3, 500],
    ]);
  });
});

describe('intercept rules', () => {
  it('match by direction, substring or regex; empty matches binary too', () => {
    const c = compileRules([
      { id: 'a', dir: 'out', match: 'secret', action: 'hold' },
      {
        id: 'b',
        dir: 'both',
        match: '^ping$',
        regex: true,
        action: 'reply',
        reply: { as: 'inject', payload: { opcode: 1, text: 'pong' } },
      },
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
