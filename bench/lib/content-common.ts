/**
 * What the content suite measures in both browsers: the bytes of the
 * per-frame content scripts of a build, and the 50-iframe page timed with
 * and without the extension, paired per round.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Goal } from '../types';
import { goalOf, load1 } from './capture-common';

export const SCRIPT_BYTES_TARGET = 20_480;
export const IFRAMES_TARGET = 1.03;
/** Loads of the page per variant and round; the round's figure is their median (one load is too noisy for 3 %). */
export const LOADS_PER_ROUND = Number(process.env.BENCH_CONTENT_LOADS ?? 5);

/**
 * The files every frame of every page parses: the manifest's content scripts
 * and whatever chunk of the build they load (a static or dynamic import of
 * another file of the build), with their sizes.
 */
export function contentScriptFiles(dist: string): Array<{ file: string; bytes: number }> {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { content_scripts?: Array<{ js?: string[] }> };
  const queue = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []).map((f) => join(dist, f));
  const seen = new Set<string>();
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`content script ${relative(dist, file)} is not in the build`);
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Chunks named by path in the script ("./x.js", "/assets/x.js", "assets/x.js"): crxjs loaders and imports.
    for (const m of text.matchAll(/["'`]((?:\.{1,2}\/|\/)?(?:assets|extension)\/[\w./-]+\.js|\.{1,2}\/[\w./-]+\.js)["'`]/g)) {
      const ref = m[1] as string;
      const path = ref.startsWith('/') || /^(assets|extension)\//.test(ref) ? join(dist, ref) : join(dirname(file), ref);
      if (existsSync(path)) queue.push(path);
    }
  }
  return [...seen].map((f) => ({ file: relative(dist, f), bytes: statSync(f).size }));
}

export interface PageTiming {
  ok: boolean;
  error?: string;
  /** DOMContentLoaded of the top document, ms from the navigation's start. */
  dclMs: number;
  /** The top document's load event (all 50 iframes loaded), ms from the navigation's start. */
  loadMs: number;
  frames: number;
}

/** The page's own timing (bench/pages/iframes50.js), once it is the page of this load (`token`). */
export const pageTimingJson = (token: string): string =>
  `(location.href.includes(${JSON.stringify(token)}) && window.__bench ? window.__bench.then((x) => JSON.stringify(x)) : 'not yet')`;

export interface IframesRun {
  browser: 'chromium' | 'firefox';
  variant: 'a' | 'x';
  round: number;
  /** Medians of this round's loads. */
  dclMs: number;
  loadMs: number;
  loads: PageTiming[];
  load: [number, number];
  error?: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

/**
 * One warm-up round and `rounds` rounds; in each, both variants load the page
 * LOADS_PER_ROUND times (which goes first alternates per round). A failed
 * variant is recorded with its error and left out of the goals.
 */
export async function iframeRounds(opts: {
  browser: IframesRun['browser'];
  rounds: number;
  log: (line: string) => void;
  loadOnce: (variant: 'a' | 'x', token: string) => Promise<PageTiming>;
}): Promise<IframesRun[]> {
  const runs: IframesRun[] = [];
  let counter = 0;
  for (let round = 0; round <= opts.rounds; round++) {
    const order: Array<'a' | 'x'> = round % 2 ? ['x', 'a'] : ['a', 'x'];
    const line: string[] = [];
    for (const variant of order) {
      const start = load1();
      const loads: PageTiming[] = [];
      let error: string | undefined;
      try {
        for (let k = 0; k < LOADS_PER_ROUND; k++) {
          const timing = await opts.loadOnce(variant, `if50-${variant}-${++counter}-${Date.now()}`);
          if (!timing.ok) throw new Error(`the page did not load: ${timing.error ?? '?'}`);
          loads.push(timing);
        }
      } catch (err) {
        error = (err as Error).message;
      }
      const run: IframesRun = {
        browser: opts.browser,
        variant,
        round,
        dclMs: median(loads.map((l) => l.dclMs)),
        loadMs: median(loads.map((l) => l.loadMs)),
        loads,
        load: [start, load1()],
        ...(error === undefined ? {} : { error }),
      };
      runs.push(run);
      line.push(
        error ? `${variant} FAILED (${error.slice(0, 160)})` : `${variant} DCL ${run.dclMs.toFixed(1)} / load ${run.loadMs.toFixed(1)} ms`,
      );
    }
    opts.log(`  iframes50 ${round === 0 ? 'warm-up' : `round ${round}`}: ${line.join(', ')}  [load ${load1()}]`);
  }
  return runs;
}

/** Paired ratios x / a per round (warm-up and failed rounds left out): the top document's load and its DOMContentLoaded. */
export function iframeGoals(prefix: string, runs: readonly IframesRun[]): Goal[] {
  const goals: Goal[] = [];
  for (const [suffix, pick] of [
    ['', (r: IframesRun) => r.loadMs],
    ['.dcl', (r: IframesRun) => r.dclMs],
  ] as const) {
    const ratios: number[] = [];
    for (const x of runs) {
      const a = runs.find((r) => r.round === x.round && r.variant === 'a');
      if (x.variant !== 'x' || x.round === 0 || x.error || !a || a.error) continue;
      ratios.push(pick(x) / pick(a));
    }
    if (ratios.length) goals.push(goalOf(`${prefix}.iframes50${suffix}.vsBaseline`, ratios, IFRAMES_TARGET, 'ratio'));
  }
  return goals;
}
