/**
 * The one message protocol of Sockscope. Every context imports its shapes
 * from here; no context declares its own. Directions:
 *
 *   page hook ──WindowHandshake──▶ content relay   (one window message: the port)
 *   page hook ⇄ content relay  HookToRelay / RelayToHook (private MessagePort)
 *   content relay ──RelayToBackground──▶ background (runtime port "relay")
 *   background ──BackgroundToRelay──▶ content relay
 *   panel ──PanelToBackground──▶ background          (runtime port "panel")
 *   background ──BackgroundToPanel──▶ panel
 *   anyone ──RuntimeRequest──▶ background            (runtime.sendMessage RPC)
 *
 * Data crossing from the page is untrusted: every receiver validates with the
 * guards below before use.
 */
import type {
  BinaryCarrier,
  ConnectionRecord,
  DataOpcode,
  Direction,
  LossReason,
  MessageOrigin,
  MessageRecord,
  StackGap,
} from '../model/records';
import type { CommandOutcome, HeldMessage, PageCommand } from './command-types';
import type { TabOptions, TabStats, StoreLimits } from './tab-shapes';
import type { BatchItem } from './text-run-shape';

/** 2: command payloads carry bytes (ArrayBuffer), not base64; rules may be scoped to connections. */
export const PROTOCOL_VERSION = 2;
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
/** With "Record stacks" on: the page's `Error` stack text (cut to MAX_STACK_CHARS), or why there is none. Parsed in the store. */
export type HookStack = { raw: string } | { gap: StackGap };
export interface CreateEvent extends HookEventBase {
  k: 'create';
  url: string;
  protocols: string[];
  frameUrl: string;
  stack?: HookStack;
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
  /** `out` from the page's send() with "Record stacks" on. */
  stack?: HookStack;
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
  reason: LossReason;
}

/** A creation stack that comes after `create` (so far only the gap `setting-late`); a stack already stored is kept. */
export interface StackEvent extends HookEventBase {
  k: 'stack';
  stack: HookStack;
}

export type CaptureEvent<B> =
  CreateEvent | OpenEvent | MessageEventRecord<B> | ErrorEvent_ | CloseEvent_ | CloseCallEvent | LostEvent | StackEvent;

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

// ── page hook ⇄ content relay: the window handshake, then the private port ──

/** The only window messages: the hook's hello carries the private port (in `ports`); the relay's ready asks for a fresh one. */
export type WindowHandshake = { [HANDSHAKE_TAG]: 'hook-hello' } | { [HANDSHAKE_TAG]: 'relay-ready' };
export type HookBatch = { type: 'batch'; events: Array<BatchItem<HookEvent>> };
/** Hook → relay on the private port: capture batches, command answers, hold notices. */
export type HookToRelay = HookBatch | CommandResponse | HoldNotice;
/** Relay → hook on the private port: `ready` (the relay took this port), then commands. */
export type RelayToHook = { type: 'ready' } | CommandRequest;

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
  /** Runs of plain text messages (text-run.ts) are expanded by the background before anything else sees them. */
  | { type: 'batch'; seq: number; events: Array<BatchItem<WireEvent>> };

/** Cumulative: every batch with seq <= `seq` is stored (persisted). */
export type BackgroundToRelay = { type: 'ack'; seq: number };
/** Background → relay besides acks. */
export type BackgroundToRelayCommand = CommandRequest;
/** Relay → background besides hello and batches. */
export type RelayReply = CommandResponse | HoldNotice;

// ── panel ⇄ background ───────────────────────────────────────────────────

export type { CaptureProfile, DebuggerOffReason, StoreLimits, TabDump, TabOptions, TabStats } from './tab-shapes';

export type PanelToBackground =
  { type: 'subscribe'; v: number; tabId: number } | { type: 'clear' } | { type: 'setOptions'; options: Partial<TabOptions> };

export type BackgroundToPanel =
  /** Start of a (re)subscription: replace everything; messages follow in chunks. */
  | { type: 'reset'; tabId: number; options: TabOptions; limits: StoreLimits; connections: ConnectionRecord[]; stats: TabStats }
  /** Snapshot chunks after `reset`, then live appends; ids ascend. */
  | { type: 'messages'; records: MessageRecord[] }
  /** Inserted or changed connections (whole records). */
  | { type: 'connections'; connections: ConnectionRecord[] }
  /** Connections gone: evicted by the connection cap, or a network-only one replaced by the hook's. */
  | { type: 'connectionsRemoved'; ids: string[] }
  | { type: 'stats'; stats: TabStats }
  | { type: 'options'; options: TabOptions }
  /** Records with id <= throughId were evicted by the caps. */
  | { type: 'evicted'; throughId: number };

// ── runtime.sendMessage requests (typed RPC): runtime-requests.ts ────────

export type { RpcError, RuntimeRequest, RuntimeResponse } from './runtime-requests';
export { isRuntimeRequest } from './runtime-requests';

// ── guards ───────────────────────────────────────────────────────────────

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

const EVENT_KINDS = new Set(['create', 'open', 'message', 'error', 'close', 'closeCall', 'lost', 'stack']);

/** Shallow structural check of one capture event (the store validates fields it uses). */
export function isCaptureEvent(x: unknown): x is CaptureEvent<unknown> {
  return isObject(x) && typeof x.k === 'string' && EVENT_KINDS.has(x.k) && typeof x.conn === 'string' && typeof x.t === 'number';
}

/** The handshake kind of a window message, if it is one of ours (own property only: the page may add inherited ones). */
export function handshakeKind(x: unknown): WindowHandshake[typeof HANDSHAKE_TAG] | undefined {
  if (!isObject(x) || !Object.prototype.hasOwnProperty.call(x, HANDSHAKE_TAG)) return undefined;
  const k = x[HANDSHAKE_TAG];
  return k === 'hook-hello' || k === 'relay-ready' ? k : undefined;
}

export function isHookBatch(x: unknown): x is HookBatch {
  return isObject(x) && x.type === 'batch' && Array.isArray(x.events);
}

export function isRelayToBackground(x: unknown): x is RelayToBackground {
  if (!isObject(x)) return false;
  if (x.type === 'hello') return typeof x.relayId === 'string' && typeof x.v === 'number';
  if (x.type === 'batch') return typeof x.seq === 'number' && Array.isArray(x.events);
  return false;
}

export function isBackgroundToRelay(x: unknown): x is BackgroundToRelay | BackgroundToRelayCommand {
  return (isObject(x) && x.type === 'ack' && typeof x.seq === 'number') || isCommandRequest(x);
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

// ── commands: panel → background → relay → hook, and back (typed RPC: id, timeout, errors as values) ──

export { DEFAULT_HOLD_TIMEOUT_MS, MAX_COMMAND_PAYLOAD } from './command-types';
export type {
  CommandError,
  CommandErrorCode,
  CommandOk,
  CommandOutcome,
  HeldMessage,
  InterceptRule,
  PageCommand,
  Payload,
  SendOrigin,
} from './command-types';

export interface CommandRequest {
  type: 'command';
  id: number;
  command: PageCommand;
}
export type CommandResponse = { type: 'commandResult'; id: number } & CommandOutcome;

export type HoldNotice =
  | { type: 'held'; held: HeldMessage }
  | { type: 'released'; holdId: string; action: 'forward' | 'drop'; reason: 'panel' | 'timeout' | 'release' };

/** Panel → background besides subscribe/clear/setOptions. */
export type PanelCommand = CommandRequest;
/** Background → panel besides the capture events. */
export type PanelReply = CommandResponse | HoldNotice;

export function isCommandRequest(x: unknown): x is CommandRequest {
  return isObject(x) && x.type === 'command' && typeof x.id === 'number' && isObject(x.command) && typeof x.command.op === 'string';
}
export function isCommandResponse(x: unknown): x is CommandResponse {
  return isObject(x) && x.type === 'commandResult' && typeof x.id === 'number' && typeof x.ok === 'boolean';
}
export function isHoldNotice(x: unknown): x is HoldNotice {
  if (!isObject(x)) return false;
  if (x.type === 'held')
    return isObject(x.held) && typeof x.held.holdId === 'string' && typeof x.held.conn === 'string' && isObject(x.held.payload);
  return x.type === 'released' && typeof x.holdId === 'string';
}
export function isHookToRelay(x: unknown): x is HookToRelay {
  return isHookBatch(x) || isCommandResponse(x) || isHoldNotice(x);
}
