/**
 * Summarises a Chromium trace with V8's sampling profiler (written by the
 * capture and panel benches with BENCH_CHROME_TRACE=<dir>, see bench/lib/chrome-trace.ts),
 * or one thread's .cpuprofile (the panel bench's BENCH_PANEL_PROFILE=<dir>):
 * for each profiled thread, its busy samples and where they went — by
 * innermost function (self) and by function including callees.
 *
 *   npx tsx bench/trace-summary.ts <trace.json> [thread filter…] [--top N]
 *
 * A filter keeps threads whose "process / thread" name contains it
 * (e.g. `Renderer`, `ServiceWorker`).
 */
import { readFileSync } from 'node:fs';
import { bump, ranked, summaryArgs } from './lib/summary-cli';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; labels?: string; data?: ProfileChunkData };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber?: number; columnNumber?: number };
}
interface ProfileChunkData {
  cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
}

interface Profile {
  pid: number;
  tid: number;
  nodes: Map<number, ProfileNode>;
  samples: number[];
}

/** A CDP Profiler.stop profile (one thread; BENCH_PANEL_PROFILE in bench/suites/panel.ts): nodes name children, not parents. */
interface CpuProfile {
  nodes: Array<ProfileNode & { children?: number[] }>;
  samples: number[];
}

function cpuProfileEvents(p: CpuProfile): TraceEvent[] {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nodes = p.nodes.map((n) => ({ id: n.id, callFrame: n.callFrame, ...(parent.has(n.id) ? { parent: parent.get(n.id) } : {}) }));
  return [
    { name: 'thread_name', ph: 'M', pid: 0, tid: 0, args: { name: 'profiled thread' } },
    { name: 'ProfileChunk', ph: 'P', pid: 0, tid: 0, args: { data: { cpuProfile: { nodes, samples: p.samples } } } },
  ];
}

const IDLE = new Set(['(idle)', '(root)']);

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const file = f.url.replace(/^.*\/([^/]+)$/, '$1');
  return `${name} ${file}:${(f.lineNumber ?? 0) + 1}:${(f.columnNumber ?? 0) + 1}`;
}

function main(): void {
  const { file, filters, top } = summaryArgs('tsx bench/trace-summary.ts <trace.json> [thread filter…] [--top N]');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[] | CpuProfile;
  const events = Array.isArray(raw) ? raw : 'nodes' in raw ? cpuProfileEvents(raw) : (raw.traceEvents ?? []);
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  const profiles = new Map<string, Profile>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'process_name') processNames.set(e.pid, e.args?.name ?? '?');
    if (e.ph === 'M' && e.name === 'process_labels') processNames.set(e.pid, `${processNames.get(e.pid) ?? ''} ${e.args?.labels ?? ''}`);
    if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id ?? e.tid}`;
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { pid: e.pid, tid: e.tid, nodes: new Map(), samples: [] }));
    const cpu = e.args?.data?.cpuProfile;
    for (const n of cpu?.nodes ?? []) p.nodes.set(n.id, n);
    for (const s of cpu?.samples ?? []) p.samples.push(s);
  }
  for (const p of profiles.values()) {
    const where = `${processNames.get(p.pid) ?? `pid ${p.pid}`} / ${threadNames.get(`${p.pid}:${p.tid}`) ?? `tid ${p.tid}`}`;
    if (filters.length && !filters.some((f) => where.includes(f))) continue;
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let busy = 0;
    for (const id of p.samples) {
      const leaf = p.nodes.get(id);
      if (!leaf || IDLE.has(leaf.callFrame.functionName)) continue;
      busy++;
      bump(self, label(leaf));
      const seen = new Set<string>();
      for (let n: ProfileNode | undefined = leaf; n; n = n.parent === undefined ? undefined : p.nodes.get(n.parent)) {
        const l = label(n);
        if (!seen.has(l) && !IDLE.has(n.callFrame.functionName)) {
          seen.add(l);
          bump(inclusive, l);
        }
      }
    }
    if (busy === 0) continue;
    const list = (m: Map<string, number>): string => ranked(m, top);
    console.log(
      `== ${where}: ${p.samples.length} samples, ${busy} busy\n   self:\n${list(self)}\n   including callees:\n${list(inclusive)}\n`,
    );
  }
}

main();
