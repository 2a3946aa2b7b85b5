/** What the background reports about a tab, and about its own storing (protocol.ts re-exports these; pure types). */
import type { ConnectionRecord, MessageRecord } from '../model/records';

export interface TabOptions {
  /** Capture paused: events are acknowledged but not stored (counted in stats.skipped). */
  paused: boolean;
  /** Keep data across navigations of the tab. */
  preserveLog: boolean;
  /** Record the page's JavaScript stack at `new WebSocket` and `send()` (off when absent; the page learns it when its relay connects). */
  recordStacks?: boolean;
  /** Debugger mode (Chrome): read the tab's sockets through chrome.debugger too (src/background/debugger-mode.ts). */
  debugger?: boolean;
  /** Why debugger mode went off without the panel asking; cleared when it is turned on again. */
  debuggerOff?: DebuggerOffReason;
}

/**
 * `canceled_by_user`: the Cancel button of Chrome's "started debugging" bar; `target_closed`: the tab closed
 * or crashed; `attach failed: …`: Chrome refused (another debugger attached, permission not granted…).
 */
export type DebuggerOffReason = 'canceled_by_user' | 'target_closed' | `attach failed: ${string}`;

export interface TabStats {
  connections: number;
  /** Messages currently stored. */
  messages: number;
  /** Payload bytes currently stored (full sizes, as on the wire). */
  bytes: number;
  /** Messages evicted by the count/byte caps since the last clear. */
  dropped: number;
  droppedBytes: number;
  /** Messages stored truncated by the per-message cap. */
  truncated: number;
  /** Messages seen while capture was paused. */
  skipped: number;
  /** Closed connections evicted by the per-tab connection cap (absent: none). */
  connectionsEvicted?: number;
}

export interface StoreLimits {
  maxMessages: number;
  maxBytes: number;
  maxMessageBytes: number;
}

export interface TabDump {
  tabId: number;
  pageUrl: string;
  options: TabOptions;
  stats: TabStats;
  connections: ConnectionRecord[];
  messages: MessageRecord[];
}

/** The background's storing counters (src/background/profile.ts); times in ms. */
export interface CaptureProfile {
  commits: number;
  batches: number;
  records: number;
  maxBatchesPerCommit: number;
  maxRecordsPerCommit: number;
  /** Most relay batches waiting at once for a commit. */
  maxInbox: number;
  materializeMs: number;
  applyMs: number;
  saveMs: number;
  maxSaveMs: number;
  broadcastMs: number;
  /** Longest time from a batch's arrival to its acknowledgement. */
  maxAckWaitMs: number;
  /** Longest time from a batch's last event (the page's clock) to its arrival here: the lag before the background. */
  maxUpstreamMs: number;
  /** Wall clock (Date.now()) of the last batch's arrival and of the last commit's end: where a lag is. */
  lastArrivalAt: number;
  lastStoredAt: number;
}
