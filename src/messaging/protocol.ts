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
import type { BinaryCarrier, ConnectionRecord, DataOpcode, Direction, MessageOrigin, MessageRecord } from '../model/records';

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
  /** The payload was cut to the per-message cap before it was copied (size is the full size). */
  truncated?: boolean;
  /** The payload could not be read (e.g. a Blob read failed): what went wrong. */
  captureError?: string;
  text?: string;
  bytes?: B;
  carrier?: BinaryCarrier;
  buffered?: number;
  sentInState?: number;
  /** Produced by Sockscope (resent, composed, injected, edited, dropped); omitted for the page's own traffic. */
  origin?: MessageOrigin;
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

/** Messages of `conn` the relay had to drop before the background stored them (its outbox cap). */
export interface LostEvent extends HookEventBase {
  k: 'lost';
  messages: number;
  bytes: number;
  reason: 'background unreachable' | 'extension reloaded';
}

export type CaptureEvent<B> =
  | CreateEvent
  | OpenEvent
  | MessageEventRecord<B>
  | ErrorEvent_
  | CloseEvent_
  | CloseCallEvent
  | LostEvent;

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
  /** Closed connections evicted by the per-tab connection cap (absent: none). */
  connectionsEvicted?: number;
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

const EVENT_KINDS = new Set(['create', 'open', 'message', 'error', 'close', 'closeCall', 'lost']);

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

// ── commands: panel → background → relay → hook, and back (typed RPC) ─────
//
// Requests that can fail are RPC (style.md): every request has an id, the
// panel rejects it after a timeout, and errors come back as values with a
// stable code. Held messages (intercept) are live data: events.

/** A payload as it crosses runtime ports (JSON-safe). */
export type WirePayload = { opcode: 1; text: string } | { opcode: 2; base64: string };
/** A payload as the hook gets it: the relay decodes base64 to bytes. */
export type HookPayload = { opcode: 1; text: string } | { opcode: 2; bytes: ArrayBuffer };
/** Origins a send command may record (MessageRecord.origin). */
export type SendOrigin = 'resent' | 'composed' | 'edited';

/** The largest payload a command may carry (bytes; text measured in UTF-16 units × 3 at most). */
export const MAX_COMMAND_PAYLOAD = 16 * 1024 * 1024;
/** Held messages are forwarded after this long unless the panel says otherwise. */
export const DEFAULT_HOLD_TIMEOUT_MS = 30_000;

/**
 * An intercept rule. `match`: substring, or a regular expression when `regex`
 * (text messages only; an empty substring matches everything, binary too).
 * `hold`: pause the message until forwarded, edited or dropped.
 * `reply`: let it pass, then inject (as if the server answered) or send `reply`.
 */
export interface InterceptRule {
  id: string;
  dir: Direction | 'both';
  match: string;
  regex?: boolean;
  action: 'hold' | 'reply';
  reply?: { as: 'inject' | 'send'; payload: WirePayload };
}
export type HookInterceptRule = Omit<InterceptRule, 'reply'> & { reply?: { as: 'inject' | 'send'; payload: HookPayload } };

export type PageCommand<P = WirePayload, R = InterceptRule> =
  /** Send on the page's real socket through the native send (recorded as `out` with `origin`). */
  | { op: 'send'; conn: string; payload: P; origin: SendOrigin }
  /** Deliver to the page's listeners as a real MessageEvent (recorded as `in`, origin `injected`). */
  | { op: 'inject'; conn: string; payload: P }
  /** A new WebSocket to the same URL and requested subprotocols, created in the page. */
  | { op: 'reopen'; conn: string }
  /** Replace the intercept rules of every frame of the tab. */
  | { op: 'setIntercept'; rules: R[]; holdTimeoutMs?: number }
  /** Release one held message: forward it (edited when `payload` is given) or drop it. */
  | { op: 'decide'; holdId: string; action: 'forward' | 'drop'; payload?: P }
  /** Clear the rules and forward everything held (the panel went away). */
  | { op: 'release' };
export type HookCommand = PageCommand<HookPayload, HookInterceptRule>;

export type CommandErrorCode =
  | 'BAD_COMMAND' // malformed, or a payload that is not valid (hex/base64/JSON are checked in the panel)
  | 'TOO_BIG' // payload over MAX_COMMAND_PAYLOAD
  | 'UNKNOWN_CONNECTION' // not a connection of this tab
  | 'NO_PAGE' // the frame that owns the connection is gone (navigated away, closed) or has no relay
  | 'NOT_OPEN' // the socket is CONNECTING, CLOSING or CLOSED
  | 'UNKNOWN_HOLD' // already forwarded, dropped or timed out
  | 'PAGE_THREW' // the page's own code threw (a wrapper around send, a listener)
  | 'TIMEOUT'; // no answer in time
export interface CommandError {
  code: CommandErrorCode;
  message: string;
}
export interface CommandOk {
  /** reopen: the new connection's id. */
  conn?: string;
  /** inject: how many page listeners threw (their errors are reported to the page console as usual). */
  listenerErrors?: number;
}
export interface CommandRequest<C = PageCommand> {
  type: 'command';
  id: number;
  command: C;
}
export type CommandResponse = { type: 'commandResult'; id: number } & ({ ok: true; result: CommandOk } | { ok: false; error: CommandError });

/** A message held by an intercept rule, waiting for the panel's decision. */
export interface HeldMessage<B = string> {
  holdId: string;
  conn: string;
  dir: Direction;
  t: number;
  ruleId: string;
  opcode: DataOpcode;
  text?: string;
  /** Binary: base64 on the wire, the page's bytes in the hook. */
  bytes?: B;
}
export type HoldNotice<B = string> =
  | { type: 'held'; held: HeldMessage<B> }
  | { type: 'released'; holdId: string; action: 'forward' | 'drop'; reason: 'panel' | 'timeout' | 'release' };

/** Relay → hook over the private MessagePort (after `ready`). */
export type RelayToHook = CommandRequest<HookCommand>;
/** Hook → relay besides capture batches. */
export type HookReply = CommandResponse | HoldNotice<HookBytes>;
/** Background → relay besides acks. */
export type BackgroundToRelayCommand = CommandRequest;
/** Relay → background besides hello and batches. */
export type RelayReply = CommandResponse | HoldNotice;
/** Panel → background besides subscribe/clear/setOptions. */
export type PanelCommand = CommandRequest;
/** Background → panel besides the capture events. */
export type PanelReply = CommandResponse | HoldNotice;

export function isCommandRequest(x: unknown): x is CommandRequest<unknown> {
  return isObject(x) && x.type === 'command' && typeof x.id === 'number' && isObject(x.command) && typeof x.command.op === 'string';
}
export function isCommandResponse(x: unknown): x is CommandResponse {
  return isObject(x) && x.type === 'commandResult' && typeof x.id === 'number' && typeof x.ok === 'boolean';
}
export function isHoldNotice(x: unknown): x is HoldNotice<unknown> {
  if (!isObject(x)) return false;
  if (x.type === 'held') return isObject(x.held) && typeof x.held.holdId === 'string' && typeof x.held.conn === 'string';
  return x.type === 'released' && typeof x.holdId === 'string';
}
