/**
 * Consecutive plain text messages of a capture batch, packed in columns: one
 * string and a few typed arrays instead of one object per message.
 * Structured clone copies those as blocks, where it walks an object graph
 * property by property, and the page's thread pays for that clone twice: on
 * the hook → relay port and on the relay's runtime port. (A Gecko profile of
 * 100,000 received messages in Firefox: cloning the batch's objects for the
 * runtime port was the relay's largest cost, behind it the relay's own
 * reads of each object through the page's Xray wrappers.)
 *
 * The hook packs (src/hook/text-runs.ts), the relay passes runs through and
 * guards the size cap, and the background expands them back into message
 * events before anything else sees them (`expandBatch`), so the store, the
 * group commit and the panel never meet a run.
 *
 * "Plain": text (opcode 1), the page's own, whole (not cut), without stack or
 * send state — everything else stays an event of its own, in order.
 */
import type { MessageEventRecord, WireEvent } from './protocol';
import type { TextRun } from './text-run-shape';

export type { TextRun } from './text-run-shape';

const tag = (x: unknown): string => Object.prototype.toString.call(x);

/** The run's shape (cheap: no loop over its messages); `expandRun` checks the rest. */
export function isTextRun(x: unknown): x is TextRun {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    r.k === 'texts' &&
    typeof r.conns === 'string' &&
    typeof r.text === 'string' &&
    tag(r.conn) === '[object Uint16Array]' &&
    tag(r.t) === '[object Float64Array]' &&
    tag(r.dir) === '[object Uint8Array]' &&
    tag(r.buffered) === '[object Float64Array]' &&
    tag(r.len) === '[object Uint32Array]'
  );
}

/** Messages in the run. */
export const runLength = (run: TextRun): number => run.len.length;

/** One message event per packed message, in order; an error value when the columns do not agree. */
export function expandRun(run: TextRun): { events: MessageEventRecord<never>[] } | { error: string } {
  const n = run.len.length;
  if (run.conn.length !== n || run.t.length !== n || run.dir.length !== n || run.buffered.length !== n)
    return { error: `text run: columns of different lengths (${n} texts)` };
  const conns = run.conns.split('\n');
  const events: MessageEventRecord<never>[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const conn = conns[run.conn[i] as number];
    const len = run.len[i] as number;
    if (conn === undefined || conn === '') return { error: `text run: message ${i} names no connection` };
    if (at + len > run.text.length) return { error: `text run: message ${i} reaches past the text (${at + len} > ${run.text.length})` };
    const dir = run.dir[i] === 1 ? 'out' : 'in';
    const ev: MessageEventRecord<never> = { k: 'message', conn, t: run.t[i] as number, dir, opcode: 1, text: run.text.slice(at, at + len) };
    const buffered = run.buffered[i] as number;
    if (dir === 'out' && buffered === buffered) ev.buffered = buffered; // NaN: none
    events.push(ev);
    at += len;
  }
  if (at !== run.text.length) return { error: `text run: ${run.text.length - at} characters of text belong to no message` };
  return { events };
}

/**
 * A batch as the background stores it: runs expanded into events, in order.
 * A run whose columns disagree is dropped and named in `errors` (page data:
 * a forged run must not reach the store, nor stop the rest of the batch).
 */
export function expandBatch(items: readonly unknown[]): { events: WireEvent[]; errors: string[] } {
  const events: WireEvent[] = [];
  const errors: string[] = [];
  for (const item of items) {
    if (!isTextRun(item)) {
      events.push(item as WireEvent);
      continue;
    }
    const expanded = expandRun(item);
    if ('error' in expanded) errors.push(expanded.error);
    else for (const e of expanded.events) events.push(e);
  }
  return { events, errors };
}
