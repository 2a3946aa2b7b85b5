/**
 * What the panel suite reads from a panel page (an extension page opened for
 * a tab, Chromium over CDP): animation-frame times, and paired samples of
 * the background's stored count (tabStats) and the count the panel's status
 * bar shows, with the panel's JS heap; and what they mean (pure functions,
 * unit-tested in panel-probe.test.ts).
 */
import type { Cdp } from './cdp';
import { evaluate } from './chromium-extension';

export interface Sample {
  /** Wall clock when tabStats was asked and answered; `store` is the stored count it answered. */
  tAsk: number;
  tAnswer: number;
  store: number;
  /** Wall clock when the status bar was read, and the count it showed. */
  tPanel: number;
  panel: number;
  /** The panel's used JS heap (Runtime.getHeapUsage), bytes. */
  heap: number;
}

/** Records every animation frame's time in the panel page until `stopFrames`. */
export const START_FRAMES = `(() => {
  const rec = (window.__benchFrames = { t: [], on: true });
  const loop = (t) => { if (!rec.on) return; rec.t.push(t); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  return document.visibilityState;
})()`;
export const STOP_FRAMES = `(() => { const rec = window.__benchFrames; rec.on = false; return JSON.stringify(rec.t); })()`;

/** The status bar's message total ("1,234 messages · …"), or -1 while there is none. */
const STATUS_COUNT = `(() => {
  const el = document.querySelector('[data-testid="status-messages"]');
  const m = el ? /^([\\d,]+)/.exec((el.textContent || '').trim()) : null;
  return m ? Number(m[1].replace(/,/g, '')) : -1;
})()`;

export async function statusCount(cdp: Cdp, session: string): Promise<number> {
  return evaluate<number>(cdp, session, STATUS_COUNT);
}

/**
 * How many messages the panel's own log holds (the status bar shows the background's totals, which arrive
 * before the messages): found from the panel's root element through Preact's vnodes to the App's
 * `value.store.log`, read only. -1 when it cannot be found.
 */
const LOG_LENGTH = `(() => {
  const seen = new Set();
  const stack = [document.getElementById('root')].flatMap((r) => (r ? Object.values(r) : []));
  while (stack.length > 0 && seen.size < 200000) {
    const v = stack.pop();
    if (!v || typeof v !== 'object' || seen.has(v) || v instanceof Node) continue;
    seen.add(v);
    const store = v.props && v.props.value && v.props.value.store;
    if (store && store.log && typeof store.log.length === 'number') return store.log.length;
    if (Array.isArray(v) && v.length > 1000) continue;
    if (ArrayBuffer.isView(v)) continue;
    for (const k of Object.keys(v)) stack.push(v[k]);
  }
  return -1;
})()`;

export async function panelLogLength(cdp: Cdp, session: string): Promise<number> {
  return evaluate<number>(cdp, session, LOG_LENGTH);
}

export async function sample(cdp: Cdp, session: string, tabId: number): Promise<Sample> {
  const expression = `(async () => {
    const tAsk = Date.now();
    const r = await chrome.runtime.sendMessage({ type: 'tabStats', tabId: ${tabId} });
    const tAnswer = Date.now();
    const panel = ${STATUS_COUNT};
    return JSON.stringify({ tAsk, tAnswer, store: r && r.stats ? r.stats.messages : -1, tPanel: Date.now(), panel });
  })()`;
  const [json, heap] = await Promise.all([
    evaluate<string>(cdp, session, expression),
    cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, session),
  ]);
  return { ...(JSON.parse(json) as Omit<Sample, 'heap'>), heap: heap.usedSize };
}

/** The value below which `q` of the sorted values fall (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

/** ms between consecutive animation frames. */
export function frameGaps(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push((times[i] as number) - (times[i - 1] as number));
  return out;
}

/**
 * How far the status bar trailed the store at each sample, ms: 0 when it
 * showed everything stored, else the time since the store first held a
 * message the panel did not show yet (the store's count crossing panel + 1,
 * interpolated between samples and taken at the middle of each tabStats
 * round trip). Samples in time order.
 */
export function statusLags(samples: readonly Sample[]): number[] {
  const at = (s: Sample): number => (s.tAsk + s.tAnswer) / 2;
  return samples.map((s) => {
    const missing = s.panel + 1;
    const j = samples.findIndex((x) => x.store >= missing && at(x) <= s.tPanel);
    if (j < 0) return 0; // nothing stored that the panel did not show (as far as the samples tell)
    const prev = samples[j - 1];
    const cur = samples[j] as Sample;
    let reached = at(cur);
    if (prev && cur.store > prev.store) reached = at(prev) + ((missing - prev.store) / (cur.store - prev.store)) * (at(cur) - at(prev));
    return Math.max(0, s.tPanel - reached);
  });
}

/** The most messages stored but not yet shown at any sample (the panel's backlog: port, queue, unrendered). */
export function maxBacklog(samples: readonly Sample[]): number {
  return samples.reduce((m, s) => Math.max(m, s.store - s.panel), 0);
}
