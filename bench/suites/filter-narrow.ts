/**
 * filter.narrowKeystroke.1M: typing one more character that narrows the
 * current filter, over 1,000,000 records (the filter suite's records), on the
 * panel's own path: the filter language compiler (createLanguageFilterCompiler,
 * whose filters say when they narrow the previous one) and ChunkedFilterView,
 * which rescans only the previous matches of a narrowing filter,
 * synchronously, and scans anything else in time slices.
 *
 * Each round types "error" into an empty box: the first key ("e") is a full
 * scan in slices, waited for (the table shows it when done); each following
 * key ("er", "err", "erro", "error") is timed from compiling the new text to
 * holding its rows. The round's figure is its slowest such keystroke ("e" →
 * "er" rescans the most). Not included: sorting the rows (the default order
 * is the log's own) and rendering. Each keystroke's row count is checked
 * against a count written without the filter module.
 */
import type { Suite, SuiteContext } from '../types';
import type { MessageRecord } from '../../src/model/records';
import { MessageLog } from '../../src/panel/capture/message-log';
import { DecodeCache } from '../../src/panel/decoded/decode-cache';
import { createLanguageFilterCompiler } from '../../src/panel/filter/filter-language';
import { ChunkedFilterView } from '../../src/panel/filter/chunked-view';
import type { MessageFilter } from '../../src/panel/filter/filter-seam';
import { goalOf, load1 } from '../lib/capture-common';
import { buildRecords } from './filter';

const N = 1_000_000;
const WORD = 'error';
const TARGET_MS = 16;
const SCAN_BOUND_MS = 120_000;

/**
 * Text messages whose payload contains `needle`, ASCII case-insensitively (the needles are lower-case letters;
 * from two letters on, no binary message's hex preview can contain them).
 */
function expectedCount(records: readonly MessageRecord[], needle: string): number {
  let n = 0;
  for (const r of records) if (r.opcode === 1 && r.data.toLowerCase().includes(needle)) n++;
  return n;
}

function compileWith(compile: ReturnType<typeof createLanguageFilterCompiler>, text: string): MessageFilter {
  const { filter, error } = compile(text, { connection: () => undefined });
  if (!filter) throw new Error(`filter ${text}: ${error ?? 'no filter'}`);
  return filter;
}

/** The first key: a sliced scan; resolves once the view shows its rows. */
async function firstKey(view: ChunkedFilterView, log: MessageLog, filter: MessageFilter, expected: number): Promise<void> {
  const deadline = Date.now() + SCAN_BOUND_MS;
  for (;;) {
    const { view: rows } = view.get(log, null, filter);
    if (view.progress.peek() === null && rows.length === expected) return;
    if (Date.now() > deadline) throw new Error(`the sliced scan of "${WORD[0] ?? ''}" did not finish in ${SCAN_BOUND_MS} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const suite: Suite = async (ctx: SuiteContext) => {
  const records = buildRecords(N);
  const log = new MessageLog();
  log.append(records);
  const prefixes = Array.from({ length: WORD.length }, (_, i) => WORD.slice(0, i + 1));
  const expected = new Map(prefixes.slice(1).map((p) => [p, expectedCount(records, p)]));
  const slowest: number[] = [];
  const runs: unknown[] = [];
  for (let round = 0; round <= ctx.rounds; round++) {
    const loadAtStart = load1();
    const compile = createLanguageFilterCompiler(new DecodeCache(log, () => undefined));
    const view = new ChunkedFilterView();
    // The first key's rows are checked against its own predicate (its one letter also matches binary messages' hex).
    const first = compileWith(compile, prefixes[0] as string);
    await firstKey(
      view,
      log,
      first,
      records.reduce((n, r) => (first.test(r) ? n + 1 : n), 0),
    );
    const keys: Array<{ text: string; ms: number; cpuMs: number; rows: number }> = [];
    for (const text of prefixes.slice(1)) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const filter = compileWith(compile, text);
      const { view: rows } = view.get(log, null, filter);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      // Process CPU (GC threads included) beside wall time: on a shared machine it shows what was contention.
      const cpuMs = Math.round((cpu.user + cpu.system) / 10) / 100;
      if (view.progress.peek() !== null) throw new Error(`"${text}" was not treated as narrowing: a sliced rescan started`);
      if (rows.length !== expected.get(text)) throw new Error(`"${text}": ${rows.length} rows, expected ${expected.get(text) ?? '?'}`);
      keys.push({ text, ms: Math.round(ms * 100) / 100, cpuMs, rows: rows.length });
    }
    const worst = Math.max(...keys.map((k) => k.ms));
    runs.push({ id: 'filter.narrowKeystroke.1M', round, keys, slowestMs: worst, load: [loadAtStart, load1()] });
    if (round > 0) slowest.push(worst); // round 0 warms the JIT up
    ctx.log(
      `${round === 0 ? 'warm-up' : `round ${round}`}: ${keys.map((k) => `"${k.text}" ${k.ms.toFixed(1)} ms, ${k.cpuMs.toFixed(1)} CPU (${k.rows})`).join(', ')}`,
    );
  }
  return { goals: [goalOf('filter.narrowKeystroke.1M', slowest, TARGET_MS, 'ms')], runs };
};

export default suite;
