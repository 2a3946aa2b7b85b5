/**
 * `npm run fuzz [-- --seed N] [--seconds S] [--only name]`: runs every
 * test/fuzz/targets/*.fuzz.ts (contract: ./target.ts) from a fixed seed.
 * The time budget is split evenly across the targets; each runs cases until
 * its share is used. A case fails when `run` throws, takes longer than
 * `budgetMs` of CPU time (twice in a row: one slow run is not a bug; CPU, not
 * wall time, so a busy shared machine that deschedules the runner does not fail cases)
 * or grows the heap by more than `budgetBytes` (confirmed after a GC). The
 * first failure of a target is shrunk and printed as a literal to paste into
 * a unit test. Ends with `fuzz: N passed, M failed` (cases); exit 1 on any failure.
 * A case that hangs (catastrophic backtracking, an endless loop) is stopped
 * by V8 itself: every call runs under a `vm` timeout, which interrupts even a
 * running regex (measured: `/(a+)+$/` stopped 9 ms after its 500 ms limit).
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script, createContext } from 'node:vm';
import fc from 'fast-check';
import type { FuzzTarget } from './target';
import { cpuMsSince, getGc, heapGrowth } from './heap';
import { toLiteral } from './literal';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_SEED = 0x5eed;
/** A case still running after this many budgets (and at least HANG_MIN_MS) is interrupted. */
const HANG_FACTOR = 10;
const HANG_MIN_MS = 1000;
/** Shrinking gets its own time, beyond the target's share. */
const SHRINK_MS = 10_000;

interface Options {
  seed: number;
  seconds: number;
  only?: string;
}
type Target = FuzzTarget<unknown>;

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { seed: DEFAULT_SEED, seconds: 30 };
  for (let k = 0; k < argv.length; k++) {
    const [flag, value] = [argv[k], argv[k + 1]];
    if (flag === '--seed' && value !== undefined && /^\d+$/.test(value)) opts.seed = Number(value);
    else if (flag === '--seconds' && value !== undefined && Number(value) > 0) opts.seconds = Number(value);
    else if (flag === '--only' && value) opts.only = value;
    else throw new Error(`fuzz: unknown or incomplete option ${flag ?? ''} (use --seed N, --seconds S, --only name)`);
    k++;
  }
  return opts;
}

async function loadTargets(only: string | undefined): Promise<Target[]> {
  const dir = join(HERE, 'targets');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.fuzz.ts'))
    .sort();
  const targets: Target[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { target?: Target };
    if (!mod.target) throw new Error(`fuzz: ${f} exports no \`target\``);
    const stem = basename(f, '.fuzz.ts');
    const t = mod.target;
    if (!only || t.name === only || t.name.startsWith(`${only}.`) || stem === only || stem.startsWith(`${only}-`)) targets.push(t);
  }
  return targets;
}

class CaseFailure extends Error {}
const STOP = new Error('time share used');

// One context and one compiled script for every case: only the timeout's watchdog thread costs per call.
const sandbox = createContext({ call: (): unknown => undefined });
const callScript = new Script('call()');

/** Calls `run(input)`; past `timeoutMs` V8 interrupts it and this throws ERR_SCRIPT_EXECUTION_TIMEOUT. */
function guarded(t: Target, input: unknown): () => unknown {
  const timeout = Math.max(HANG_MIN_MS, t.budgetMs * HANG_FACTOR);
  return () => {
    (sandbox as { call: () => unknown }).call = () => t.run(input);
    return callScript.runInContext(sandbox, { timeout }) as unknown;
  };
}

/** Runs one case; returns why it failed, or undefined. */
function runCase(t: Target, input: unknown, gc: (() => void) | undefined): string | undefined {
  const run = guarded(t, input);
  const timeOnce = (): number | string => {
    const t0 = process.cpuUsage();
    const wall0 = performance.now();
    try {
      run();
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
        return `hung: interrupted after ${(performance.now() - wall0).toFixed(0)} ms`;
      return `threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e)}`;
    }
    return cpuMsSince(t0);
  };
  const grown = t.budgetBytes === undefined ? undefined : heapGrowth(run, undefined);
  const first = grown === undefined ? timeOnce() : grown.ms;
  if (typeof first === 'string') return first;
  if (grown?.threw) return grown.threw;
  if (first > t.budgetMs) {
    const again = timeOnce();
    if (typeof again === 'string') return again;
    if (again > t.budgetMs) return `took ${first.toFixed(1)} ms, then ${again.toFixed(1)} ms of CPU (budget ${t.budgetMs} ms)`;
  }
  if (t.budgetBytes !== undefined && grown && grown.bytes > t.budgetBytes && gc) {
    const confirmed = heapGrowth(run, gc);
    if (confirmed.bytes > t.budgetBytes) return `grew the heap by ${confirmed.bytes} bytes (budget ${t.budgetBytes})`;
  }
  return undefined;
}

interface Outcome {
  cases: number;
  failure?: { index: number; reason: string; input: string; shrinks: number };
}

function fuzzTarget(t: Target, seed: number, shareMs: number, gc: (() => void) | undefined): Outcome {
  const deadline = performance.now() + shareMs;
  let index = 0;
  const explore = fc.property(t.arbitrary, (input) => {
    if (performance.now() > deadline) throw STOP;
    const reason = runCase(t, input, gc);
    if (reason) throw new CaseFailure(reason);
    index++;
  });
  const found = fc.check(explore, { seed, numRuns: Number.MAX_SAFE_INTEGER, endOnFailure: true });
  if (!found.failed || found.errorInstance === STOP || found.counterexamplePath === null) return { cases: index };
  // Replay the failing case and shrink it; a smaller input counts only if it fails too.
  const failedAt = index;
  let reason = found.errorInstance instanceof Error ? found.errorInstance.message : String(found.errorInstance);
  const shrinkEnd = performance.now() + Math.max(SHRINK_MS, shareMs);
  const shrink = fc.property(t.arbitrary, (input) => {
    if (performance.now() > shrinkEnd) return true;
    const r = runCase(t, input, gc);
    if (r) reason = r;
    return r === undefined;
  });
  const shrunk = fc.check(shrink, { seed, path: found.counterexamplePath });
  const input = shrunk.failed && shrunk.counterexample ? shrunk.counterexample[0] : found.counterexample?.[0];
  return { cases: index + 1, failure: { index: failedAt, reason, input: toLiteral(input), shrinks: shrunk.numShrinks } };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const targets = await loadTargets(opts.only);
  if (targets.length === 0) throw new Error(`fuzz: no target matches ${opts.only ?? '(none found)'}`);
  const gc = getGc();
  const shareMs = (opts.seconds * 1000) / targets.length;
  console.log(
    `fuzz: ${targets.length} targets, seed ${opts.seed}, ${opts.seconds} s (${(shareMs / 1000).toFixed(1)} s each)${gc ? '' : ', heap budgets unchecked (no GC)'}`,
  );
  let passed = 0;
  let failed = 0;
  for (const t of targets) {
    const out = fuzzTarget(t, opts.seed, shareMs, gc);
    const ok = out.cases - (out.failure ? 1 : 0);
    passed += ok;
    console.log(`  ${t.name}: ${out.cases} cases, ${out.failure ? 1 : 0} failed`);
    if (out.failure) {
      failed++;
      console.log(`    case #${out.failure.index} ${out.failure.reason.split('\n').slice(0, 6).join('\n      ')}`);
      console.log(
        `    input (shrunk ${out.failure.shrinks} times; replay: --only ${t.name} --seed ${opts.seed}):\n    ${out.failure.input}`,
      );
    }
  }
  console.log(`fuzz: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
