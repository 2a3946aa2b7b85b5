/** The one command validator (the background runs it on everything a panel sends): payloads as bytes, rules, scopes. */
import { describe, expect, it } from 'vitest';
import { connOfCommand, connOfHold, validateCommand } from '../../../src/messaging/command-validation';

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

describe('command validation', () => {
  it('rebuilds commands from known fields and refuses the rest', () => {
    expect(validateCommand({ op: 'send', conn: 'a:1', payload: { opcode: 1, text: 'x' }, origin: 'resent', extra: 1 })).toEqual({
      ok: true,
      command: { op: 'send', conn: 'a:1', payload: { opcode: 1, text: 'x' }, origin: 'resent' },
    });
    expect(validateCommand({ op: 'send', conn: 'a:1', payload: { opcode: 1, text: 'x' }, origin: 'page' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_COMMAND' },
    });
    expect(validateCommand({ op: 'decide', holdId: 'a:1/2', action: 'drop', payload: { opcode: 1, text: 'ignored' } })).toEqual({
      ok: true,
      command: { op: 'decide', holdId: 'a:1/2', action: 'drop' },
    });
    expect(validateCommand({ op: 'eval', code: '1' })).toMatchObject({ ok: false });
    expect(validateCommand(null)).toMatchObject({ ok: false });
  });

  it('binary payloads are bytes (an ArrayBuffer), never base64, and at most 16 MiB', () => {
    const ok = validateCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, bytes: bytes(1, 2, 3) } });
    expect(ok.ok && ok.command.op === 'inject' && ok.command.payload.opcode === 2 && [...new Uint8Array(ok.command.payload.bytes)]).toEqual(
      [1, 2, 3],
    );
    expect(validateCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, base64: 'AQID' } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_COMMAND', message: expect.stringMatching(/bytes: ArrayBuffer/) },
    });
    expect(validateCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, bytes: new Uint8Array(3) } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_COMMAND' },
    }); // a view is not the shape
    expect(validateCommand({ op: 'inject', conn: 'a:1', payload: { opcode: 2, bytes: { byteLength: 3 } } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_COMMAND' },
    });
    expect(
      validateCommand({
        op: 'send',
        conn: 'a:1',
        origin: 'composed',
        payload: { opcode: 2, bytes: new ArrayBuffer(16 * 1024 * 1024 + 1) },
      }),
    ).toMatchObject({ ok: false, error: { code: 'TOO_BIG' } });
    expect(validateCommand({ op: 'decide', holdId: 'a:1/1', action: 'forward', payload: { opcode: 2, bytes: bytes(9) } })).toMatchObject({
      ok: true,
      command: { payload: { opcode: 2 } },
    });
  });

  it('rules: direction, action, regex, reply payload as bytes, an optional list of connections', () => {
    const rule = {
      id: 'r',
      dir: 'in',
      match: 'ping',
      action: 'reply',
      reply: { as: 'send', payload: { opcode: 2, bytes: bytes(7) } },
      conns: ['a:1'],
    };
    const v = validateCommand({ op: 'setIntercept', rules: [rule], holdTimeoutMs: 1000 });
    expect(v).toMatchObject({
      ok: true,
      command: {
        op: 'setIntercept',
        holdTimeoutMs: 1000,
        rules: [{ id: 'r', conns: ['a:1'], reply: { as: 'send', payload: { opcode: 2 } } }],
      },
    });
    expect(validateCommand({ op: 'setIntercept', rules: [{ ...rule, conns: 'a:1' }] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/conns/) },
    });
    expect(validateCommand({ op: 'setIntercept', rules: [{ ...rule, conns: [1] }] })).toMatchObject({ ok: false });
    expect(
      validateCommand({ op: 'setIntercept', rules: [{ ...rule, reply: { as: 'send', payload: { opcode: 2, base64: 'Bw==' } } }] }),
    ).toMatchObject({ ok: false });
    expect(
      validateCommand({ op: 'setIntercept', rules: [{ id: 'r', dir: 'out', match: '(', regex: true, action: 'hold' }] }),
    ).toMatchObject({ ok: false });
    expect(validateCommand({ op: 'setIntercept', rules: [{ id: 'r', dir: 'up', match: '', action: 'hold' }] })).toMatchObject({
      ok: false,
    });
    expect(validateCommand({ op: 'setIntercept', rules: [], holdTimeoutMs: 5 })).toMatchObject({ ok: false });
    // A pattern that can backtrack catastrophically would freeze the page's send(): refused, saying where.
    expect(
      validateCommand({ op: 'setIntercept', rules: [{ id: 'slow', dir: 'in', match: '^(a+)+$', regex: true, action: 'hold' }] }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_COMMAND',
        message: expect.stringMatching(/^rule slow: regular expression refused at `.+` \(characters \d+–\d+\): /),
      },
    });
    expect(
      validateCommand({
        op: 'setIntercept',
        rules: [{ id: 'fine', dir: 'in', match: '^"type":"(join|leave)"', regex: true, action: 'hold' }],
      }),
    ).toMatchObject({ ok: true });
  });

  it('names the connection a command addresses', () => {
    expect(connOfHold('ab:3/17')).toBe('ab:3');
    expect(connOfCommand({ op: 'decide', holdId: 'ab:3/17', action: 'drop' })).toBe('ab:3');
    expect(connOfCommand({ op: 'reopen', conn: 'x:1' })).toBe('x:1');
    expect(connOfCommand({ op: 'release' })).toBeUndefined();
  });
});
