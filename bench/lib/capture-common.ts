/**
 * What the capture suites of both browsers share: the workloads, the run
 * record, bounded waits that scale with the workload, the wait for the
 * extension to have stored a run (with its time-to-stored and how fast the
 * background answered while storing), and the goals.
 */
import { loadavg } from 'node:os';
import type { Goal } from '../types';
import { pollFor } from './processes';
import { pipelineNote, type Pipeline } from './pipeline';

export { pipelineOf, profileProbe, type Pipeline } from './pipeline';

export type Variant = 'a' | 'x' | 'd';

export interface Workload {
  name: 'recvText' | 'recvBinary64k' | 'echoText';
  mode: 'recv' | 'echo';
  n: number;
  size: number;
  kind: 'text' | 'binary';
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'recvText', mode: 'recv', n: 100_000, size: 100, kind: 'text' },
  { name: 'recvBinary64k', mode: 'recv', n: 10_000, size: 64 * 1024, kind: 'binary' },
  { name: 'echoText', mode: 'echo', n: 100_000, size: 100, kind: 'text' },
];

/** Messages a capture must hold after one run: the data, plus `done` (recv) or the echoes (echo). */
export function expectedMessages(w: Workload): number {
  return w.mode === 'echo' ? 2 * w.n : w.n + 1;
}

/**
 * A bound for one wait of a run, scaled with the data it moves: 30 s plus
 * 1 s per 4 MB (a busy 2-core machine moves the 655 MB binary workload in
 * well under the resulting ~190 s). Every wait is bounded, so the bench
 * always finishes.
 */
export function waitBoundMs(w: Workload): number {
  return 30_000 + Math.ceil((w.n * w.size * (w.mode === 'echo' ? 2 : 1)) / 4_000_000) * 1000;
}

export interface CaptureStats {
  messages: number;
  dropped: number;
  skipped: number;
  truncated: number;
  bytes: number;
}

export interface CaptureRun {
  browser: 'chromium' | 'firefox';
  workload: Workload['name'];
  variant: Variant;
  /** 0 is the warm-up round (discarded). */
  round: number;
  ms: number;
  messages: number;
  bytes: number;
  /** 1-minute load average of the machine when the run started and ended. */
  load: [number, number];
  /** (x) the extension's counters once it had stored everything. */
  captured?: CaptureStats;
  /** (x) ms from the page's last message until the extension had stored everything. */
  captureLagMs?: number;
  /** (x) the slowest answer of the background to a panel request (tabStats) while it was storing, ms. */
  slowestRequestMs?: number;
  /** (x) where the time-to-stored went, from the background's own counters (`pipelineOf`). */
  pipeline?: Pipeline;
  /** (d) frame events DevTools received. */
  devtoolsFrames?: number;
  /** The run failed (its figures are left out of the goals); what went wrong. */
  error?: string;
}

export const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

/** The page's own timing (bench/pages/capture.js), as JSON text so every driver can return it. */
export const PAGE_RESULT_JSON =
  "(window.__bench ? window.__bench : new Promise((r) => addEventListener('bench-ready', () => r(window.__bench), { once: true }))).then((x) => JSON.stringify(x))";

export interface PageResult {
  ok: boolean;
  error?: string;
  count: number;
  bytes: number;
  ms: number;
}

/**
 * Run in an extension page (`api` is `chrome` or `browser`): the stats of the
 * run's tab and how long the tabStats answer took, as JSON text.
 */
export function statsProbe(api: 'chrome' | 'browser', token: string): string {
  return `(async () => {
    const found = await ${api}.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} });
    if (!found || !found.ok || found.tabId == null) return JSON.stringify({ stats: null, ms: 0 });
    const t0 = performance.now();
    const reply = await ${api}.runtime.sendMessage({ type: 'tabStats', tabId: found.tabId });
    return JSON.stringify({ stats: reply && reply.ok ? reply.stats : null, ms: performance.now() - t0 });
  })()`;
}

/** The capture counters not moving for this long means it will never finish: fail now, not at the bound. */
const CAPTURE_STALL_MS = 30_000;
const STATS_POLL_MS = 10;

/**
 * Polls the background's counters until it stored (or stored and evicted)
 * every message of the run. Returns the stats, the time-to-stored (from
 * `pageEnd`) and the slowest tabStats answer seen meanwhile.
 */
export async function waitForCapture(
  ask: () => Promise<{ stats: CaptureStats | null; ms: number }>,
  expected: number,
  pageEnd: number,
  boundMs: number,
  where: string,
): Promise<{ captured: CaptureStats; captureLagMs: number; slowestRequestMs: number }> {
  let last: CaptureStats | null = null;
  let lastSeen = -1;
  let lastChange = Date.now();
  let slowest = 0;
  try {
    const captured = await pollFor(`${where}: the extension to capture ${expected} messages`, boundMs, STATS_POLL_MS, async () => {
      const { stats, ms } = await ask();
      last = stats;
      if (stats) slowest = Math.max(slowest, ms);
      // Evicted by the store's caps still counts as captured: it was stored first.
      const seen = stats ? stats.messages + stats.dropped : -1;
      if (seen > expected) throw new Error(`${where}: the extension holds ${seen} messages, expected ${expected} (duplicates?)`);
      if (seen === expected) return stats;
      if (seen !== lastSeen) {
        lastSeen = seen;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > CAPTURE_STALL_MS) {
        throw new Error(
          `${where}: the extension stopped at ${Math.max(seen, 0)} of ${expected} messages (no change for ${CAPTURE_STALL_MS / 1000} s)`,
        );
      }
      return null;
    });
    return { captured, captureLagMs: Date.now() - pageEnd, slowestRequestMs: Math.round(slowest * 10) / 10 };
  } catch (err) {
    throw new Error(`${(err as Error).message}; last stats: ${JSON.stringify(last)}`);
  }
}

// ── statistics and goals ─────────────────────────────────────────────────

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function goalOf(id: string, values: readonly number[], target: number, unit: string): Goal {
  return { id, value: median(values), op: '<=', target, unit, spread: [Math.min(...values), Math.max(...values)], n: values.length };
}

const ok = (r: CaptureRun): boolean => r.round > 0 && r.error === undefined;

/** Per-round pairs: round r of `num` against round r of `den` on the same workload (failed runs left out). */
export function paired(
  runs: readonly CaptureRun[],
  workload: Workload['name'],
  num: Variant,
  den: Variant,
  f: (x: number, y: number) => number,
): number[] {
  const byRound = (v: Variant): Map<number, number> =>
    new Map(runs.filter((r) => r.workload === workload && r.variant === v && ok(r)).map((r) => [r.round, r.ms]));
  const xs = byRound(num);
  const ys = byRound(den);
  const out: number[] = [];
  for (const [round, x] of xs) {
    const y = ys.get(round);
    if (y !== undefined) out.push(f(x, y));
  }
  return out;
}

/** One figure of the (x) runs of a workload, e.g. the time-to-stored. */
export function figures(runs: readonly CaptureRun[], workload: Workload['name'], pick: (r: CaptureRun) => number | undefined): number[] {
  const out: number[] = [];
  for (const r of runs) {
    const v = r.workload === workload && r.variant === 'x' && ok(r) ? pick(r) : undefined;
    if (v !== undefined) out.push(v);
  }
  return out;
}

export const TIME_TO_STORED_MS = 250;
export const PANEL_REQUEST_MS = 100;

/** time-to-stored and panel-request goals of every workload, under `prefix` (`capture` or `capture.firefox`). */
export function storeGoals(prefix: string, runs: readonly CaptureRun[]): Goal[] {
  const goals: Goal[] = [];
  for (const w of WORKLOADS) {
    const lag = figures(runs, w.name, (r) => r.captureLagMs);
    if (lag.length) goals.push(goalOf(`${prefix}.${w.name}.timeToStored`, lag, TIME_TO_STORED_MS, 'ms'));
    const slow = figures(runs, w.name, (r) => r.slowestRequestMs);
    if (slow.length) goals.push(goalOf(`${prefix}.${w.name}.panelRequestWhileStoring`, slow, PANEL_REQUEST_MS, 'ms'));
  }
  return goals;
}

export function selected<T extends string>(env: string | undefined, all: readonly T[], what: string): T[] {
  if (!env) return [...all];
  const names = env
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((s) => !all.includes(s as T));
  if (unknown.length > 0) throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return names as T[];
}

/**
 * The rounds of every workload: one warm-up (round 0) and `rounds` rounds of
 * each variant interleaved. A failed run is recorded with its error (left out
 * of the goals); a variant whose browser died (`exitNote`) is skipped from
 * then on, so the other figures are still written.
 */
export async function runRounds(opts: {
  browser: CaptureRun['browser'];
  workloads: readonly Workload[];
  variants: readonly Variant[];
  rounds: number;
  log: (line: string) => void;
  runOnce: (w: Workload, variant: Variant, round: number) => Promise<CaptureRun>;
  exitNote: (variant: Variant) => string | null | undefined;
}): Promise<CaptureRun[]> {
  const runs: CaptureRun[] = [];
  const dead = new Set<Variant>();
  for (const w of opts.workloads) {
    const what = `${w.n} × ${w.size} B ${w.kind} ${w.mode === 'echo' ? 'sent and echoed' : 'received'}`;
    opts.log(`${w.name}: ${what}; waits bounded at ${waitBoundMs(w) / 1000} s`);
    for (let round = 0; round <= opts.rounds; round++) {
      const line: string[] = [];
      for (const variant of opts.variants) {
        if (dead.has(variant)) continue;
        const load = load1();
        const run = await opts.runOnce(w, variant, round).catch((err: unknown): CaptureRun => {
          const note = opts.exitNote(variant);
          if (note) dead.add(variant); // its browser is gone: the other variants go on
          const error = `${(err as Error).message}${note ? ` [${note}]` : ''}`;
          return { browser: opts.browser, workload: w.name, variant, round, ms: NaN, messages: 0, bytes: 0, load: [load, load1()], error };
        });
        runs.push(run);
        const stored =
          run.captureLagMs === undefined
            ? ''
            : ` (+${run.captureLagMs} ms to store${pipelineNote(run.pipeline)}, slowest request ${run.slowestRequestMs} ms)`;
        line.push(run.error ? `${variant} FAILED (${run.error.slice(0, 160)})` : `${variant} ${run.ms.toFixed(0)} ms${stored}`);
      }
      opts.log(`  ${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join(', ')}  [load ${load1()}]`);
    }
  }
  const failed = runs.filter((r) => r.error !== undefined);
  if (failed.length)
    opts.log(
      `${failed.length} run(s) failed and are left out of the goals: ${failed.map((r) => `${r.workload}/${r.variant}#${r.round}`).join(', ')}`,
    );
  return runs;
}
