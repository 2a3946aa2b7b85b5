/**
 * The one validator of commands: the background checks what a panel port
 * sends (rules included) and rebuilds it from known fields; the relay and
 * the hook trust what the background passed on. Plus the small helpers both
 * ends share. Pure: tested in Node.
 */
import { MAX_COMMAND_PAYLOAD } from './command-types';
import type { CommandError, InterceptRule, PageCommand, Payload, SendOrigin } from './command-types';
import { checkRegexSafety } from '../filter/regex-safety';
import { isArrayBuffer } from './wire-payload';

export type Validated = { ok: true; command: PageCommand } | { ok: false; error: CommandError };

const bad = (message: string): Validated => ({ ok: false, error: { code: 'BAD_COMMAND', message } });
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
/** Connections a rule may name (a rule is scoped to a few connections, not thousands). */
const MAX_RULE_CONNS = 1000;
const SEND_ORIGINS = new Set<SendOrigin>(['resent', 'composed', 'edited']);

/** Payload size in bytes as the wire would carry it (text: UTF-8 upper bound without encoding it). */
export function payloadBytes(p: Payload): number {
  if (p.opcode === 2) return p.bytes.byteLength;
  return p.text.length <= MAX_COMMAND_PAYLOAD / 3 ? p.text.length : new TextEncoder().encode(p.text).length;
}

type PayloadCheck = { ok: true; payload: Payload } | { ok: false; error: CommandError };

export function checkPayload(x: unknown): PayloadCheck {
  if (!isObject(x)) return { ok: false, error: { code: 'BAD_COMMAND', message: 'payload missing' } };
  let p: Payload;
  if (x.opcode === 1 && typeof x.text === 'string') p = { opcode: 1, text: x.text };
  else if (x.opcode === 2 && isArrayBuffer(x.bytes)) p = { opcode: 2, bytes: x.bytes };
  else
    return {
      ok: false,
      error: { code: 'BAD_COMMAND', message: 'payload must be {opcode: 1, text: string} or {opcode: 2, bytes: ArrayBuffer}' },
    };
  const size = payloadBytes(p);
  if (size > MAX_COMMAND_PAYLOAD)
    return {
      ok: false,
      error: { code: 'TOO_BIG', message: `payload is ${size} bytes; the limit is ${MAX_COMMAND_PAYLOAD} bytes (16 MiB)` },
    };
  return { ok: true, payload: p };
}

function checkRule(x: unknown): { ok: true; rule: InterceptRule } | { ok: false; message: string } {
  if (!isObject(x) || typeof x.id !== 'string' || typeof x.match !== 'string')
    return { ok: false, message: 'a rule needs an id and a match' };
  if (x.dir !== 'in' && x.dir !== 'out' && x.dir !== 'both')
    return { ok: false, message: `rule ${x.id}: direction must be in, out or both` };
  if (x.action !== 'hold' && x.action !== 'reply') return { ok: false, message: `rule ${x.id}: action must be hold or reply` };
  const rule: InterceptRule = { id: x.id, dir: x.dir, match: x.match, action: x.action, ...(x.regex === true ? { regex: true } : {}) };
  if (x.conns !== undefined) {
    if (!Array.isArray(x.conns) || x.conns.length > MAX_RULE_CONNS || !x.conns.every((c) => typeof c === 'string'))
      return { ok: false, message: `rule ${x.id}: conns must be a list of at most ${MAX_RULE_CONNS} connection ids` };
    rule.conns = (x.conns as string[]).slice();
  }
  if (x.regex === true) {
    try {
      new RegExp(x.match);
    } catch (e) {
      return { ok: false, message: `rule ${x.id}: invalid regular expression: ${e instanceof Error ? e.message : String(e)}` };
    }
    // The hook runs the pattern on the page's thread for every message: refuse one that can backtrack catastrophically.
    const safety = checkRegexSafety(x.match);
    if (!safety.safe)
      return {
        ok: false,
        message: `rule ${x.id}: regular expression refused at \`${x.match.slice(safety.start, safety.end)}\` (characters ${safety.start + 1}–${safety.end}): ${safety.reason}`,
      };
  }
  if (x.action === 'reply') {
    const r = x.reply;
    if (!isObject(r) || (r.as !== 'inject' && r.as !== 'send'))
      return { ok: false, message: `rule ${x.id}: a reply rule needs reply.as = inject or send` };
    const p = checkPayload(r.payload);
    if (!p.ok) return { ok: false, message: `rule ${x.id}: ${p.error.message}` };
    rule.reply = { as: r.as, payload: p.payload };
  }
  return { ok: true, rule };
}

/** Checks an untrusted command and rebuilds it from known fields only. */
export function validateCommand(x: unknown): Validated {
  if (!isObject(x)) return bad('command missing');
  switch (x.op) {
    case 'send':
    case 'inject': {
      if (typeof x.conn !== 'string') return bad(`${x.op}: conn missing`);
      const p = checkPayload(x.payload);
      if (!p.ok) return p;
      if (x.op === 'inject') return { ok: true, command: { op: 'inject', conn: x.conn, payload: p.payload } };
      if (!SEND_ORIGINS.has(x.origin as SendOrigin)) return bad('send: origin must be resent, composed or edited');
      return { ok: true, command: { op: 'send', conn: x.conn, payload: p.payload, origin: x.origin as SendOrigin } };
    }
    case 'reopen':
      return typeof x.conn === 'string' ? { ok: true, command: { op: 'reopen', conn: x.conn } } : bad('reopen: conn missing');
    case 'setIntercept': {
      if (!Array.isArray(x.rules)) return bad('setIntercept: rules must be a list');
      const rules: InterceptRule[] = [];
      for (const r of x.rules) {
        const c = checkRule(r);
        if (!c.ok) return bad(c.message);
        rules.push(c.rule);
      }
      const t = x.holdTimeoutMs;
      if (t !== undefined && (typeof t !== 'number' || !(t >= 100 && t <= 600_000)))
        return bad('holdTimeoutMs must be between 100 and 600000');
      return { ok: true, command: { op: 'setIntercept', rules, ...(typeof t === 'number' ? { holdTimeoutMs: t } : {}) } };
    }
    case 'decide': {
      if (typeof x.holdId !== 'string') return bad('decide: holdId missing');
      if (x.action !== 'forward' && x.action !== 'drop') return bad('decide: action must be forward or drop');
      if (x.payload === undefined || x.action === 'drop')
        return { ok: true, command: { op: 'decide', holdId: x.holdId, action: x.action } };
      const p = checkPayload(x.payload);
      if (!p.ok) return p;
      return { ok: true, command: { op: 'decide', holdId: x.holdId, action: 'forward', payload: p.payload } };
    }
    case 'release':
      return { ok: true, command: { op: 'release' } };
    default:
      return bad(`unknown command ${String(x.op)}`);
  }
}

/** The connection a held message belongs to (hold ids are `<conn>/<n>`). */
export function connOfHold(holdId: string): string {
  const i = holdId.lastIndexOf('/');
  return i > 0 ? holdId.slice(0, i) : holdId;
}

/** The connection a command addresses, when it addresses one. */
export function connOfCommand(c: PageCommand): string | undefined {
  if (c.op === 'send' || c.op === 'inject' || c.op === 'reopen') return c.conn;
  if (c.op === 'decide') return connOfHold(c.holdId);
  return undefined;
}
