/**
 * When each message of a replayed sequence goes out: with the original
 * spacing (capture timestamps, relative to the first) or at a fixed
 * interval. Offsets are from the start, so timer delays do not add up.
 */
import type { MessageRecord } from '../../model/records';

export type ReplayMode = 'original' | 'fixed';
export interface ReplayStep {
  /** ms after the start. */
  at: number;
  rec: MessageRecord;
}

export function planReplay(records: readonly MessageRecord[], mode: ReplayMode, intervalMs: number): ReplayStep[] {
  const sorted = [...records].sort((a, b) => a.id - b.id);
  const t0 = sorted[0]?.t ?? 0;
  return sorted.map((rec, i) => ({ at: mode === 'original' ? Math.max(0, rec.t - t0) : i * Math.max(0, intervalMs), rec }));
}
