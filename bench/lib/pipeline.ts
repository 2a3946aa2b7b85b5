/**
 * Where a capture run's time-to-stored went, from the background's own
 * counters (src/background/profile.ts, the `profile` runtime request).
 */
/**
 * Run in an extension page: the background's capture profile (src/background/profile.ts)
 * as JSON text; `reset` starts new counters (before a run).
 */
export function profileProbe(api: 'chrome' | 'browser', reset: boolean): string {
  return `(async () => JSON.stringify(await ${api}.runtime.sendMessage({ type: 'profile', reset: ${reset} })))()`;
}

/**
 * The time-to-stored of one run, split by the background's counters: from the
 * page's last message until the last batch *reached* the background (the page,
 * relay and browser messaging), then until the last commit was stored; and
 * the background's busy time per step over the whole run.
 */
export interface Pipeline {
  toBackgroundMs: number;
  inBackgroundMs: number;
  commits: number;
  maxInbox: number;
  materializeMs: number;
  applyMs: number;
  saveMs: number;
  broadcastMs: number;
}

export const pipelineNote = (p: Pipeline | undefined): string =>
  p ? `: ${p.toBackgroundMs} reaching the background, ${p.inBackgroundMs} there; save ${p.saveMs} ms in ${p.commits} commits` : '';

export function pipelineOf(profileJson: string, pageEnd: number): Pipeline | undefined {
  const reply = JSON.parse(profileJson) as { profile?: Record<string, number> } | null;
  const p = reply?.profile;
  if (!p || typeof p.lastArrivalAt !== 'number' || typeof p.lastStoredAt !== 'number') return undefined;
  const n = (k: string): number => Math.round((p[k] ?? 0) * 10) / 10;
  return {
    toBackgroundMs: Math.max(0, p.lastArrivalAt - pageEnd),
    inBackgroundMs: Math.max(0, p.lastStoredAt - Math.max(p.lastArrivalAt, pageEnd)),
    commits: n('commits'),
    maxInbox: n('maxInbox'),
    materializeMs: n('materializeMs'),
    applyMs: n('applyMs'),
    saveMs: n('saveMs'),
    broadcastMs: n('broadcastMs'),
  };
}
