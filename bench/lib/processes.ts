/**
 * Browser processes started by the bench: killed with their whole process
 * group when the bench exits early (Ctrl-C, a crash), and one bounded polling
 * helper, so that no wait in the bench can hang forever.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Browsers still alive, with the profile directory to remove. */
export const live = new Map<ChildProcess, string>();
/** Other temporary directories to remove on such an exit. */
export const scratch = new Set<string>();

process.on('exit', () => {
  for (const [proc, profile] of live) {
    killGroup(proc, 'SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

export function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal); // renderers, GPU and utility processes share the group
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** Resolves when `check` returns a value; polls every `everyMs`; rejects after `timeoutMs`. */
export async function pollFor<T>(what: string, timeoutMs: number, everyMs: number, check: () => Promise<T | null> | T | null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Stops a browser process: asks politely through `polite`, then kills the group after 5 s (120 s while it writes a profile). */
export async function stopProcess(proc: ChildProcess, profile: string, polite: () => Promise<void>): Promise<void> {
  if (!live.has(proc)) return;
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  await polite().catch(() => undefined); // already gone: fine
  const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), process.env.BENCH_GECKO_PROFILE ? 120_000 : 5000);
  await exited;
  clearTimeout(timer);
  killGroup(proc, 'SIGKILL'); // helpers that outlived the browser process
  live.delete(proc);
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
}
