/**
 * The `name:value` fields: their names and aliases, and how each value is
 * parsed into a FieldTerm. Adding a field: add it here, to FieldTerm in
 * ast.ts, to the matcher in compile.ts and to FILTER_HELP.
 */
import { filterError } from './ast';
import type { FieldTerm, FilterError, IsFlag, StringMatch } from './ast';
import type { Direction, MessageOrigin } from '../model/records';
import { parseJsonFilter } from './json-path';
import { scanQuoted } from './lexer';
import { compileRegex, scanRegex } from './regex';
import { parseSize } from './size';
import { closest } from './suggest';
import { parseTimePoint, parseTimeRange } from './time';

type FieldResult = { ok: true; term: FieldTerm } | { ok: false; error: FilterError };
type FieldParser = (raw: string, at: number) => FieldResult;

const DIRS: Record<string, Direction> = {
  in: 'in',
  received: 'in',
  recv: 'in',
  incoming: 'in',
  '↓': 'in',
  out: 'out',
  sent: 'out',
  send: 'out',
  outgoing: 'out',
  '↑': 'out',
};
/** RFC 6455 5.2 opcodes. */
const TYPES: Record<string, number[]> = {
  text: [1],
  binary: [2],
  data: [1, 2],
  continuation: [0],
  close: [8],
  ping: [9],
  pong: [10],
  control: [8, 9, 10],
};
const ORIGINS: readonly MessageOrigin[] = ['page', 'resent', 'composed', 'injected', 'edited', 'dropped'];
export const IS_FLAGS: readonly IsFlag[] = [
  'heartbeat',
  'handshake',
  'control',
  'request',
  'response',
  'unanswered',
  'truncated',
  'decoded',
  'injected',
  'intercepted',
  'discarded',
];

/** `a,b` or `a|b`: any of several values. Unknown ones are errors at their own range. */
function parseList<T>(
  raw: string,
  at: number,
  what: string,
  table: Record<string, T>,
): { ok: true; values: T[] } | { ok: false; error: FilterError } {
  const values: T[] = [];
  let offset = 0;
  for (const part of raw.split(/[,|]/)) {
    const key = part.toLowerCase();
    const v = Object.hasOwn(table, key) ? table[key] : undefined;
    if (v === undefined) {
      const names = Object.keys(table);
      const guess = closest(key, names);
      const message = `unknown ${what} \`${part}\`${guess ? ` — did you mean \`${guess}\`?` : ''} (one of: ${names.join(', ')})`;
      return { ok: false, error: filterError('bad-value', message, at + offset, at + offset + Math.max(part.length, 1)) };
    }
    values.push(v);
    offset += part.length + 1;
  }
  return { ok: true, values };
}

const asTable = <T extends string>(names: readonly T[]): Record<string, T> => Object.fromEntries(names.map((n) => [n, n]));

/** `/re/flags` → regex; `=text` → exact (case-sensitive); otherwise a case-insensitive substring. */
function parseStringMatch(raw: string, at: number): { ok: true; match: StringMatch } | { ok: false; error: FilterError } {
  if (raw.startsWith('/')) {
    const scan = scanRegex(raw, 0);
    if (!scan.ok) return { ok: false, error: { ...scan.error, start: scan.error.start + at, end: scan.error.end + at } };
    const re = compileRegex(raw, scan);
    if (!re.ok) return { ok: false, error: { ...re.error, start: re.error.start + at, end: re.error.end + at } };
    return { ok: true, match: { mode: 'regex', re: re.re } };
  }
  const exact = raw.startsWith('=');
  const body = exact ? raw.slice(1) : raw;
  let text = body;
  if (body.startsWith('"')) {
    const q = scanQuoted(body, 0);
    if (!q.ok || q.end !== body.length) return { ok: false, error: filterError('bad-value', 'bad quoted value', at, at + raw.length) };
    text = q.text;
  }
  if (text === '') return { ok: false, error: filterError('missing-value', 'missing value after `=`', at, at + raw.length) };
  return { ok: true, match: { mode: exact ? 'exact' : 'contains', text } };
}

const stringField =
  (field: 'conn' | 'proto' | 'event'): FieldParser =>
  (raw, at) => {
    const m = parseStringMatch(raw, at);
    return m.ok ? { ok: true, term: { field, match: m.match } } : m;
  };

const FIELDS: Record<string, FieldParser> = {
  dir: (raw, at) => {
    const l = parseList(raw, at, 'direction', DIRS);
    return l.ok ? { ok: true, term: { field: 'dir', dirs: l.values } } : l;
  },
  type: (raw, at) => {
    const l = parseList(raw, at, 'message type', TYPES);
    return l.ok ? { ok: true, term: { field: 'type', opcodes: l.values.flat() } } : l;
  },
  size: (raw, at) => {
    const s = parseSize(raw, at);
    return s.ok ? { ok: true, term: { field: 'size', min: s.min, max: s.max } } : s;
  },
  conn: stringField('conn'),
  proto: stringField('proto'),
  event: stringField('event'),
  json: parseJsonFilter,
  time: (raw, at) => {
    const r = parseTimeRange(raw, at);
    return r.ok ? { ok: true, term: { field: 'time', range: r.range } } : r;
  },
  // `after:X` is `time:>=X` and `before:X` is `time:<X`: both use the start of X, as people read them.
  after: (raw, at) => {
    const p = parseTimePoint(raw, at);
    return p.ok ? { ok: true, term: { field: 'time', range: { lo: { point: p.point, edge: 'start' } } } } : p;
  },
  before: (raw, at) => {
    const p = parseTimePoint(raw, at);
    return p.ok ? { ok: true, term: { field: 'time', range: { hi: { point: p.point, edge: 'start' } } } } : p;
  },
  is: (raw, at) => {
    const l = parseList(raw, at, '`is:` flag', asTable(IS_FLAGS));
    if (!l.ok) return l;
    if (l.values.length !== 1)
      return { ok: false, error: filterError('bad-value', '`is:` takes one flag; use `OR` for several', at, at + raw.length) };
    return { ok: true, term: { field: 'is', flag: l.values[0] ?? 'decoded' } };
  },
  origin: (raw, at) => {
    const l = parseList(raw, at, 'origin', asTable(ORIGINS));
    return l.ok ? { ok: true, term: { field: 'origin', origins: l.values } } : l;
  },
};

const ALIASES: Record<string, string> = {
  direction: 'dir',
  opcode: 'type',
  connection: 'conn',
  url: 'conn',
  protocol: 'proto',
  topic: 'event',
};

export const FIELD_NAMES: readonly string[] = Object.keys(FIELDS);

/** Parses `name:value` given the name, the value's source text and offsets. */
export function parseField(name: string, raw: string, start: number, valueStart: number): FieldResult {
  const key = name.toLowerCase();
  const parser = FIELDS[ALIASES[key] ?? key];
  if (!parser) {
    const guess = closest(key, [...FIELD_NAMES, ...Object.keys(ALIASES)]);
    const hint = guess
      ? ` — did you mean \`${ALIASES[guess] ?? guess}:\`?`
      : ` (known: ${FIELD_NAMES.join(', ')}); to search for text with a \`:\`, put it in quotes`;
    return { ok: false, error: filterError('unknown-field', `unknown filter field \`${name}:\`${hint}`, start, valueStart) };
  }
  if (raw === '') return { ok: false, error: filterError('missing-value', `missing value after \`${name}:\``, start, valueStart) };
  return parser(raw, valueStart);
}
