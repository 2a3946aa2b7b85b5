/**
 * `npm run bench -- [suite...]`: runs the suites of bench/suites/*.ts (each
 * default-exports a `Suite`), all of them unless some are named, prints a
 * table and writes bench/results/latest.json (../shared/bench-format.md).
 *
 * Exits 0 whether or not targets are met: timings on a shared machine are
 * reported, not gated. Exits 1 when a suite throws, which includes a run
 * that failed its own correctness check (a lost message is not a fast run).
 * BENCH_ROUNDS sets the rounds (default 5).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Goal, Suite, SuiteContext } from './types';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(BENCH_DIR, '..');
const SUITES_DIR = join(BENCH_DIR, 'suites');
const RESULTS = join(BENCH_DIR, 'results', 'latest.json');

function listSuites(): string[] {
  return readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/** First line of a command's output, or null when it cannot run (the meta is informative, not required). */
function probe(command: string, args: string[], pattern: RegExp): string | null {
  try {
    const out = execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 15_000 });
    return pattern.exec(out)?.[1] ?? out.trim().split('\n')[0] ?? null;
  } catch {
    return null;
  }
}

function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = unit === 'ratio' ? 3 : Math.abs(value) >= 100 ? 0 : 2;
  return value.toFixed(digits);
}

function printTable(goals: readonly Goal[]): void {
  const rows = goals.map((g) => {
    const met = g.op === '<=' ? g.value <= g.target : g.value >= g.target;
    return [
      g.id,
      format(g.value, g.unit),
      `${g.op} ${g.target}`,
      g.unit,
      `${format(g.spread[0], g.unit)} – ${format(g.spread[1], g.unit)}`,
      String(g.n),
      met ? 'yes' : 'NO',
    ];
  });
  const header = ['id', 'value', 'target', 'unit', 'spread', 'n', 'met?'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 1 || i === 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<number> {
  const available = listSuites();
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown suite(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
    return 1;
  }
  const names = requested.length > 0 ? requested : available;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`BENCH_ROUNDS must be a positive integer, got ${process.env.BENCH_ROUNDS ?? ''}`);
    return 1;
  }

  const loadAtStart = loadavg();
  const goals: Goal[] = [];
  const runs: unknown[] = [];
  const failures: string[] = [];
  for (const name of names) {
    const ctx: SuiteContext = {
      rounds,
      chromeDist: join(ROOT, 'dist', 'chrome'),
      firefoxTestDist: join(ROOT, 'dist', 'firefox-test'),
      log: (l) => console.log(`[${name}] ${l}`),
    };
    const started = Date.now();
    try {
      const mod = (await import(pathToFileURL(join(SUITES_DIR, `${name}.ts`)).href)) as { default?: unknown };
      if (typeof mod.default !== 'function') throw new Error(`bench/suites/${name}.ts has no default-exported Suite`);
      const result = await (mod.default as Suite)(ctx);
      goals.push(...result.goals);
      for (const run of result.runs) runs.push(typeof run === 'object' && run !== null ? { suite: name, ...run } : { suite: name, run });
      console.log(`[${name}] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      failures.push(name);
      console.error(`[${name}] FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  const meta = {
    date: new Date().toISOString(),
    commit: probe('git', ['rev-parse', 'HEAD'], /^([0-9a-f]{40})/),
    node: process.version,
    chromium: probe('/usr/bin/chromium', ['--version'], /(\d+\.\d+\.\d+\.\d+)/),
    firefox: probe('/usr/bin/firefox-esr', ['--version'], /(\d+\.\d+(?:\.\d+)?\w*)/),
    cpus: cpus().length,
    rounds,
    /** 1/5/15-minute load averages when the bench started and ended: a busy machine explains a noisy figure. */
    load: { start: loadAtStart, end: loadavg() },
  };
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify({ meta, goals, runs }, null, 2) + '\n');

  console.log('');
  printTable(goals);
  console.log(`\nWrote ${RESULTS} (${goals.length} goals, ${runs.length} runs; chromium ${meta.chromium ?? '?'}, ${meta.cpus} cpus).`);
  if (failures.length > 0) {
    console.error(`\nFailed suite(s): ${failures.join(', ')}. The results above leave them out.`);
    return 1;
  }
  return 0;
}

// Ctrl-C: exit through process.exit so suites' 'exit' hooks kill the browsers they launched.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
