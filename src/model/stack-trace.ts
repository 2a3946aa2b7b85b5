/**
 * A page's JavaScript stack, as the hook read it (`Error.prototype.stack`
 * text in V8's or SpiderMonkey's format), → the frames the panel shows.
 * Runs in the background (the store), never on the page's thread, and never
 * with page code: the hook only reads and cuts the string.
 *
 * Total: any value gives a RecordedStack (unknown lines are skipped), never a
 * throw. Sockscope's own frames are removed: the first frame of every stack
 * the hook takes is its own (the Error is created there), so every frame of
 * that script URL goes. Caps: MAX_STACK_FRAMES frames, names and URLs cut.
 *
 * V8:           `    at fn (https://h/app.js:12:5)`, `    at https://h/app.js:3:1`,
 *               `    at f (eval at g (https://h/a.js:1:2), <anonymous>:1:3)`
 * SpiderMonkey: `fn@https://h/app.js:12:5`, `@https://h/app.js:3:1`,
 *               `f@https://h/a.js line 2 > eval:1:3`, `async*fn@…`
 */
import type { RecordedStack, StackFrame, StackGap } from './records';

export const MAX_STACK_FRAMES = 32;
/** The hook cuts the stack text to this many UTF-16 units before it leaves the page. */
export const MAX_STACK_CHARS = 16 * 1024;
const MAX_FN = 256;
const MAX_URL = 2048;
const GAPS: ReadonlySet<string> = new Set<StackGap>(['page-customises', 'setting-late', 'unreadable']);

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** `url:line:col`, `url:line` or just `url` (URLs hold colons: the numbers are taken from the end). */
function splitPosition(loc: string): Omit<StackFrame, 'fn'> {
  // SpiderMonkey eval/Function code: "https://h/a.js line 2 > eval:1:3" → the line of the eval call in a.js.
  const evalAt = / line (\d+) > /.exec(loc);
  if (evalAt) return { url: cut(loc.slice(0, evalAt.index), MAX_URL), line: Number(evalAt[1]) };
  const both = /^(.*):(\d+):(\d+)$/.exec(loc);
  if (both) return { url: cut(both[1] ?? '', MAX_URL), line: Number(both[2]), col: Number(both[3]) };
  const lineOnly = /^(.*):(\d+)$/.exec(loc);
  if (lineOnly) return { url: cut(lineOnly[1] ?? '', MAX_URL), line: Number(lineOnly[2]) };
  return { url: cut(loc, MAX_URL) };
}

/** The last balanced `( … )` of a V8 frame: names may hold parentheses, eval locations nest them. */
function lastGroup(s: string): { before: string; inside: string } | undefined {
  if (!s.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) return { before: s.slice(0, i).trim(), inside: s.slice(i + 1, -1) };
  }
  return undefined;
}

function parseV8(rest: string): StackFrame | undefined {
  const group = lastGroup(rest);
  const fn = group ? group.before : '';
  let loc = group ? group.inside : rest;
  // "eval at g (https://h/a.js:1:2), <anonymous>:1:3": the script that called eval, where it did.
  for (let depth = 0; loc.startsWith('eval at ') && depth < 8; depth++) {
    const open = loc.indexOf('(');
    const inner = open < 0 ? undefined : lastGroup(loc.slice(0, matchingClose(loc, open) + 1));
    if (!inner) break;
    loc = inner.inside;
  }
  if (!loc) return undefined;
  return { fn: cut(fn, MAX_FN), ...splitPosition(loc) };
}

function matchingClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return s.length - 1;
}

function parseSpiderMonkey(fn: string, loc: string): StackFrame | undefined {
  if (!loc) return undefined;
  return { fn: cut(fn.startsWith('async*') ? fn.slice(6) : fn, MAX_FN), ...splitPosition(loc) };
}

/** One line of stack text → a frame, or undefined (a header such as "Error", blank or unknown text). */
export function parseStackLine(line: string): StackFrame | undefined {
  const s = line.trim();
  if (s.startsWith('at ')) return parseV8(s.slice(3).trim());
  const at = s.indexOf('@');
  if (at >= 0) return parseSpiderMonkey(s.slice(0, at), s.slice(at + 1));
  return undefined;
}

/** Every frame of a stack text, innermost first (no caps, nothing removed). */
export function parseStack(text: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of text.slice(0, MAX_STACK_CHARS).split('\n')) {
    const f = parseStackLine(line);
    if (f) frames.push(f);
  }
  return frames;
}

/**
 * What the hook sent (`{ raw }` or `{ gap }`, untrusted) → the stored stack:
 * Sockscope's frames (the first frame's script) removed, at most
 * MAX_STACK_FRAMES kept (`omitted` counts the rest).
 */
export function toRecordedStack(x: unknown): RecordedStack {
  if (typeof x !== 'object' || x === null) return { frames: [], gap: 'unreadable' };
  const { raw, gap } = x as { raw?: unknown; gap?: unknown };
  if (typeof gap === 'string' && GAPS.has(gap)) return { frames: [], gap: gap as StackGap };
  if (typeof raw !== 'string') return { frames: [], gap: 'unreadable' };
  const all = parseStack(raw);
  const own = all[0]?.url;
  const page = all.filter((f) => f.url !== own);
  const stack: RecordedStack = { frames: page.slice(0, MAX_STACK_FRAMES) };
  if (page.length > MAX_STACK_FRAMES) stack.omitted = page.length - MAX_STACK_FRAMES;
  return stack;
}

/** One frame as a line of text (copy, plain-text fallback): `fn (url:line:col)`. */
export function formatFrame(f: StackFrame): string {
  const pos = f.line === undefined ? f.url : `${f.url}:${f.line}${f.col === undefined ? '' : `:${f.col}`}`;
  return `${f.fn || '(anonymous)'} (${pos})`;
}
