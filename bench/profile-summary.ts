/**
 * Summarises a raw Gecko profile (written by a bench run with
 * BENCH_GECKO_PROFILE=<dir>, see bench/lib/bidi.ts): for each main thread
 * and worker of every process, the busy samples (not Idle), and where they
 * went — the innermost page/extension JS function, the innermost labelled
 * frame, and the most-included frames.
 *
 *   npx tsx bench/profile-summary.ts <profile.json> [thread filter…] [--top N]
 *
 * A filter keeps the threads whose "process/thread/pid" contains it
 * (e.g. `WebExtensions`, `Isolated`, `Parent`).
 */
import { readFileSync } from 'node:fs';
import { bump, ranked, summaryArgs } from './lib/summary-cli';

interface Table {
  schema: Record<string, number>;
  data: Array<Array<number | null>>;
}
interface Thread {
  name: string;
  processName?: string;
  pid: number | string;
  samples: Table;
  stackTable: Table;
  frameTable: Table;
  stringTable: string[];
}
interface Profile {
  meta: { categories: Array<{ name: string }> };
  threads: Thread[];
  processes?: Profile[];
}

function* threadsOf(p: Profile): Generator<Thread> {
  yield* p.threads;
  for (const child of p.processes ?? []) yield* threadsOf(child);
}

const isJs = (name: string): boolean => /moz-extension:|https?:|\.js:/.test(name);
const isAddress = (name: string): boolean => name.startsWith('0x');

function summarise(t: Thread, categories: string[], top: number): string {
  const st = t.stackTable;
  const ft = t.frameTable;
  const cell = (row: Array<number | null> | undefined, i: number | undefined): number | null =>
    row === undefined || i === undefined ? null : (row[i] ?? null);
  const frameOf = (s: number): number => cell(st.data[s], st.schema.frame) as number;
  const prefixOf = (s: number): number | null => cell(st.data[s], st.schema.prefix);
  const nameOf = (f: number): string => t.stringTable[cell(ft.data[f], ft.schema.location) as number] ?? '?';
  const categoryOf = (s: number): string => {
    for (let x: number | null = s; x !== null; x = prefixOf(x)) {
      const c = cell(ft.data[frameOf(x)], ft.schema.category);
      if (c !== null) return categories[c] ?? '?';
    }
    return 'Other';
  };
  const js = new Map<string, number>();
  const leaf = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byCategory = new Map<string, number>();
  let busy = 0;
  for (const sample of t.samples.data) {
    const s = cell(sample, t.samples.schema.stack);
    if (s === null) continue;
    const category = categoryOf(s);
    bump(byCategory, category);
    if (category === 'Idle') continue;
    busy++;
    let innerJs: string | null = null;
    let innerLabel: string | null = null;
    const seen = new Set<string>();
    for (let x: number | null = s; x !== null; x = prefixOf(x)) {
      const name = nameOf(frameOf(x));
      if (isAddress(name)) continue;
      innerLabel ??= name;
      if (innerJs === null && isJs(name)) innerJs = name;
      if (!seen.has(name)) {
        seen.add(name);
        bump(inclusive, name);
      }
    }
    bump(js, innerJs ?? '(no page or extension JS)');
    bump(leaf, innerLabel ?? '(native, unsymbolicated)');
  }
  const list = (m: Map<string, number>): string => ranked(m, top);
  return [
    `== ${t.processName ?? '?'} / ${t.name} / pid ${t.pid}: ${t.samples.data.length} samples, ${busy} busy`,
    `   categories: ${[...byCategory].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '   innermost page or extension JS:',
    list(js),
    '   innermost labelled frame:',
    list(leaf),
    '   most included:',
    list(inclusive),
  ].join('\n');
}

const { file, filters, top } = summaryArgs('tsx bench/profile-summary.ts <profile.json> [thread filter…] [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const categories = profile.meta.categories.map((c) => c.name);
for (const t of threadsOf(profile)) {
  const key = `${t.processName ?? ''}/${t.name}/${t.pid}`;
  if (filters.length && !filters.some((f) => key.includes(f))) continue;
  if (t.name.startsWith('IPC')) continue;
  console.log(summarise(t, categories, top) + '\n');
}
