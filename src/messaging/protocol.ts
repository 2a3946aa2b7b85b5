/**
 * The one message protocol of Sockscope. Every context imports its shapes
 * from here; no context declares its own. Directions:
 *
 *   page hook ──HookToRelay──▶ content relay       (private MessagePort)
 *   content relay ──RelayToBackground──▶ background (runtime port "relay")
 *   background ──BackgroundToRelay──▶ content relay
 *   panel ──PanelToBackground──▶ background          (runtime port "panel")
 *   background ──BackgroundToPanel──▶ panel
 *   anyone ──RuntimeRequest──▶ background            (runtime.sendMessage RPC)
 *
 * Data crossing from the page is untrusted: every receiver validates with the
 * guards below before use.
 */
import type { BinaryCarrier, ConnectionRecord, DataOpcode, Direction, MessageRecord } from '../model/records';

export const PROTOCOL_VERSION = 1;
/** Tag on the one window message that hands the private port to the relay. */
export const HANDSHAKE_TAG = '__sockscope_v1';
export const RELAY_PORT = 'relay';
export const PANEL_PORT = 'panel';

// ── page hook → content relay ────────────────────────────────────────────

interface HookEventBase {
  conn: string;
  /** Wall-clock ms (performance.timeOrigin + performance.now()). */
  t: number;
}
export interface CreateEvent extends HookEventBase {
  k: 'create';
  url: string;
  protocols: string[];
  frameUrl: string;
}
export interface OpenEvent extends HookEventBase {
  k: 'open';
  protocol: string;
  extensions: string;
}
/** Binary payload as the hook captured it: a private copy, or an immutable Blob. */
export type HookBytes = ArrayBuffer | Blob;
export interface MessageEventRecord<B> extends HookEventBase {
  k: 'message';
  dir: Direction;
  opcode: DataOpcode;
  /**
   * Bytes on the wire. The hook sets it for binary only; for text the
   * background computes the UTF-8 length, off the page's main thread.
   */
  size?: number;
  /** The relay cut the payload to the per-message cap (size is the full size). */
  truncated?: boolean;
  /** The payload could not be read (e.g. a Blob read failed): what went wrong. */
  captureError?: string;
  text?: string;
  bytes?: B;
  carrier?: BinaryCarrier;
  buffered?: number;
  sentInState?: number;
}
export interface ErrorEvent_ extends HookEventBase {
  k: 'error';
}
export interface CloseEvent_ extends HookEventBase {
  k: 'close';
  code: number;
  reason: string;
  wasClean: boolean;
}
export interface CloseCallEvent extends HookEventBase {
  k: 'closeCall';
  code?: number;
  reason?: string;
}

export type CaptureEvent<B> =
  | CreateEvent
  | OpenEvent
  | MessageEventRecord<B>
  | ErrorEvent_
  | CloseEvent_
  | CloseCallEvent;

/** Events as the hook produces them. */
export type HookEvent = CaptureEvent<HookBytes>;
/**
 * Events as they cross runtime ports. Binary payloads travel as they are
 * (ArrayBuffer or Blob): runtime messaging uses structured clone in Firefox,
 * and in Chrome 148+ with `message_serialization: structured_clone` in the
 * manifest. Base64 for storage is made in the background, off the page's
 * main thread (JSON + base64 on the page cost ~0.9 ms per 64 KiB message).
 */
export type WireEvent = CaptureEvent<HookBytes>;

export type HookToRelay = { type: 'batch'; events: HookEvent[] };

// ── content relay ⇄ background ───────────────────────────────────────────

export type RelayToBackground =
  | {
      type: 'hello';
      v: number;
      /** Random per content-script instance (one per document). */
      relayId: string;
      frameUrl: string;
      isTop: boolean;
      /** False on the first connection of this document, true after a port loss. */
      reconnect: boolean;
    }
  | { type: 'batch'; seq: number; events: WireEvent[] };

/** Cumulative: every batch with seq <= `seq` is stored (persisted). */
export type BackgroundToRelay = { type: 'ack'; seq: number };

// ── panel ⇄ background ───────────────────────────────────────────────────

export interface TabOptions {
  /** Capture paused: events are acknowledged but not stored (counted in stats.skipped). */
  paused: boolean;
  /** Keep data across navigations of the tab. */
  preserveLog: boolean;
}

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
}

export interface StoreLimits {
  maxMessages: number;
  maxBytes: number;
  maxMessageBytes: number;
}

export type PanelToBackground =
  | { type: 'subscribe'; v: number; tabId: number }
  | { type: 'clear' }
  | { type: 'setOptions'; options: Partial<TabOptions> };

export type BackgroundToPanel =
  /** Start of a (re)subscription: replace everything; messages follow in chunks. */
  | { type: 'reset'; tabId: number; options: TabOptions; limits: StoreLimits; connections: ConnectionRecord[]; stats: TabStats }
  /** Snapshot chunks after `reset`, then live appends; ids ascend. */
  | { type: 'messages'; records: MessageRecord[] }
  /** Inserted or changed connections (whole records). */
  | { type: 'connections'; connections: ConnectionRecord[] }
  | { type: 'stats'; stats: TabStats }
  | { type: 'options'; options: TabOptions }
  /** Records with id <= throughId were evicted by the caps. */
  | { type: 'evicted'; throughId: number };

// ── runtime.sendMessage requests (typed RPC) ─────────────────────────────

export type RuntimeRequest =
  /** Find the tab whose stored page URL contains the text (standalone panel, tests). */
  | { type: 'findTab'; urlContains: string }
  /** Everything stored for a tab (tests, export). */
  | { type: 'dumpTab'; tabId: number }
  /** Just the counters of a tab (bench correctness checks). */
  | { type: 'tabStats'; tabId: number };

export interface TabDump {
  tabId: number;
  pageUrl: string;
  options: TabOptions;
  stats: TabStats;
  connections: ConnectionRecord[];
  messages: MessageRecord[];
}

export type RuntimeResponse<R extends RuntimeRequest> = R extends { type: 'findTab' }
  ? { ok: true; tabId: number | null }
  : R extends { type: 'dumpTab' }
    ? { ok: true; dump: TabDump | null }
    : R extends { type: 'tabStats' }
      ? { ok: true; stats: TabStats | null }
      : never;

export interface RpcError {
  ok: false;
  error: string;
}

// ── guards ───────────────────────────────────────────────────────────────

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

const EVENT_KINDS = new Set(['create', 'open', 'message', 'error', 'close', 'closeCall']);

/** Shallow structural check of one capture event (the store validates fields it uses). */
export function isCaptureEvent(x: unknown): x is CaptureEvent<unknown> {
  return isObject(x) && typeof x.k === 'string' && EVENT_KINDS.has(x.k) && typeof x.conn === 'string' && typeof x.t === 'number';
}

export function isHookToRelay(x: unknown): x is HookToRelay {
  return isObject(x) && x.type === 'batch' && Array.isArray(x.events);
}

export function isRelayToBackground(x: unknown): x is RelayToBackground {
  if (!isObject(x)) return false;
  if (x.type === 'hello') return typeof x.relayId === 'string' && typeof x.v === 'number';
  if (x.type === 'batch') return typeof x.seq === 'number' && Array.isArray(x.events);
  return false;
}

export function isBackgroundToRelay(x: unknown): x is BackgroundToRelay {
  return isObject(x) && x.type === 'ack' && typeof x.seq === 'number';
}

export function isPanelToBackground(x: unknown): x is PanelToBackground {
  if (!isObject(x)) return false;
  if (x.type === 'subscribe') return typeof x.tabId === 'number';
  if (x.type === 'clear') return true;
  if (x.type === 'setOptions') return isObject(x.options);
  return false;
}

export function isBackgroundToPanel(x: unknown): x is BackgroundToPanel {
  return isObject(x) && typeof x.type === 'string';
}

export function isRuntimeRequest(x: unknown): x is RuntimeRequest {
  if (!isObject(x)) return false;
  if (x.type === 'findTab') return typeof x.urlContains === 'string';
  if (x.type === 'dumpTab' || x.type === 'tabStats') return typeof x.tabId === 'number';
  return false;
}
