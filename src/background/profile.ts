/**
 * Where the background spends its time while storing: counters the capture
 * path adds to (group commits, their sizes, time in each step, how long
 * batches wait for their ack). Cheap enough to stay on in every build: a few
 * `performance.now()` calls per commit, none per record. Read by the bench
 * and tests through the `profile` runtime request.
 */
import type { CaptureProfile } from '../messaging/protocol';

export const emptyProfile = (): CaptureProfile => ({
  commits: 0,
  batches: 0,
  records: 0,
  maxBatchesPerCommit: 0,
  maxRecordsPerCommit: 0,
  maxInbox: 0,
  materializeMs: 0,
  applyMs: 0,
  saveMs: 0,
  maxSaveMs: 0,
  broadcastMs: 0,
  maxAckWaitMs: 0,
  maxUpstreamMs: 0,
  lastArrivalAt: 0,
  lastStoredAt: 0,
});

export const now = (): number => performance.now();

export type Profiler = ReturnType<typeof createProfiler>;

export function createProfiler() {
  let p = emptyProfile();
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    /** A batch whose last event happened at `lastEventAt` (page wall clock) joined the inbox, which now holds `inbox` batches. */
    queued(inbox: number, lastEventAt: unknown): void {
      p.lastArrivalAt = Date.now();
      if (inbox > p.maxInbox) p.maxInbox = inbox;
      if (typeof lastEventAt === 'number') p.maxUpstreamMs = Math.max(p.maxUpstreamMs, p.lastArrivalAt - lastEventAt);
    },
    /** One group commit: its batches and records, and the time of each step (ms). */
    committed(c: {
      batches: number;
      records: number;
      materializeMs: number;
      applyMs: number;
      saveMs: number;
      broadcastMs: number;
      oldestArrival: number;
    }): void {
      p.commits++;
      p.batches += c.batches;
      p.records += c.records;
      p.maxBatchesPerCommit = Math.max(p.maxBatchesPerCommit, c.batches);
      p.maxRecordsPerCommit = Math.max(p.maxRecordsPerCommit, c.records);
      p.materializeMs += c.materializeMs;
      p.applyMs += c.applyMs;
      p.saveMs += c.saveMs;
      p.maxSaveMs = Math.max(p.maxSaveMs, c.saveMs);
      p.broadcastMs += c.broadcastMs;
      p.maxAckWaitMs = Math.max(p.maxAckWaitMs, now() - c.oldestArrival);
      p.lastStoredAt = Date.now();
    },
    /** The counters so far (ms rounded to 0.1); `reset` starts new ones. */
    read(reset = false): CaptureProfile {
      const out = { ...p };
      for (const k of ['materializeMs', 'applyMs', 'saveMs', 'maxSaveMs', 'broadcastMs', 'maxAckWaitMs', 'maxUpstreamMs'] as const)
        out[k] = round(out[k]);
      if (reset) p = emptyProfile();
      return out;
    },
  };
}
