/**
 * Heap growth of one fuzz case: `heapUsed` before and after, with the result
 * kept alive until measured. Without a GC first the figure includes garbage
 * (so it only says "maybe"); with one it is what the call allocated and kept.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** global.gc when node runs with --expose-gc; otherwise the V8 flag can still be turned on at run time. */
export function getGc(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined; // no way to collect: heap budgets go unchecked, and the runner says so
  }
}

/** CPU milliseconds of this process since `from`: unlike wall time, not billed for time spent descheduled on a busy machine. */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** `ms`: CPU time of the call. */
export interface Growth {
  bytes: number;
  ms: number;
  threw?: string;
}

export function heapGrowth(run: () => unknown, gc: (() => void) | undefined): Growth {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = process.cpuUsage();
  let kept: unknown;
  try {
    kept = run();
  } catch (e) {
    return { bytes: 0, ms: cpuMsSince(t0), threw: `threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e)}` };
  }
  const ms = cpuMsSince(t0);
  const bytes = process.memoryUsage().heapUsed - before;
  void kept;
  return { bytes, ms };
}
