/**
 * The captured data model, shared by every context (hook, relay, background,
 * panel) and by the pure cores (store, filter, decoders). Persisted shapes:
 * append fields, never rename or reorder enum values.
 */

/** `out`: the page sent it (client → server). `in`: the page received it. */
export type Direction = 'out' | 'in';

/** RFC 6455 5.2 data opcodes the page API can produce: 0x1 text, 0x2 binary. */
export type DataOpcode = 1 | 2;

/** What JavaScript object carried a binary payload on the page side. */
export type BinaryCarrier =
  | 'ArrayBuffer'
  | 'Blob'
  | 'DataView'
  | 'Int8Array'
  | 'Uint8Array'
  | 'Uint8ClampedArray'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Float16Array'
  | 'Float32Array'
  | 'Float64Array'
  | 'BigInt64Array'
  | 'BigUint64Array';

/**
 * Where a message came from. `page` is the page's own traffic; the others are
 * produced by Sockscope (resend, compose, inject, intercept) and must never be confused
 * with it.
 */
export type MessageOrigin = 'page' | 'resent' | 'composed' | 'injected' | 'edited' | 'dropped';

/** One stored WebSocket message. */
export interface MessageRecord {
  /** Monotonic per tab, assigned by the store. */
  id: number;
  /** Connection id (see ConnectionRecord.id). */
  conn: string;
  /** Wall-clock time in ms since the epoch, with sub-ms precision. */
  t: number;
  dir: Direction;
  opcode: DataOpcode;
  /** Payload size in bytes on the wire (UTF-8 bytes for text). */
  size: number;
  /**
   * The payload: the text itself for opcode 1, base64 for opcode 2. Possibly
   * truncated to the per-message cap (then `truncated` is true and `size`
   * still holds the full size).
   */
  data: string;
  truncated?: boolean;
  /** Binary only: the JS type the page used (`Blob`, `Uint8Array`, …). */
  carrier?: BinaryCarrier;
  /** Sent only: `bufferedAmount` read right after `send()`. */
  buffered?: number;
  /** Sent only: readyState when send() was called, when not OPEN (data discarded by the browser). */
  sentInState?: number;
  /** The payload could not be captured: what went wrong (data is then empty). */
  captureError?: string;
  /** Omitted for the page's own traffic. */
  origin?: MessageOrigin;
  /** Sent only, with "Record stacks" on: the page's JavaScript stack at `send()` (src/model/stack-trace.ts). */
  stack?: RecordedStack;
}

/** One frame of a page's JavaScript stack; `line`/`col` are 1-based, absent when the browser gave none. */
export interface StackFrame {
  /** Function name as the engine printed it ('' for anonymous code). */
  fn: string;
  url: string;
  line?: number;
  col?: number;
}

/**
 * Why a stack was not recorded although "Record stacks" was on:
 * `page-customises`: the page installed Error.prepareStackTrace (reading would run its code);
 * `setting-late`: the setting reached the page after the socket was created;
 * `unreadable`: the engine gave no stack string. Persisted: append, never reorder.
 */
export type StackGap = 'page-customises' | 'setting-late' | 'unreadable';

/** A recorded stack: frames innermost first (Sockscope's own frames removed), capped; or why there is none. */
export interface RecordedStack {
  frames: StackFrame[];
  /** Frames left out beyond the cap. */
  omitted?: number;
  gap?: StackGap;
}

export interface HttpHeader {
  name: string;
  value: string;
}

/** What `webRequest` told us about the opening handshake (RFC 6455 4.1/4.2). */
export interface HandshakeInfo {
  /** The request URL as webRequest saw it. */
  url: string;
  requestId: string;
  t: number;
  requestHeaders?: HttpHeader[];
  responseHeaders?: HttpHeader[];
  /** HTTP status of the response (101 when accepted); absent when the browser hides it. */
  status?: number;
  statusLine?: string;
  /** Network error string (e.g. `net::ERR_FAILED`, `NS_ERROR_…`). */
  error?: string;
}

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
  t: number;
}

export interface DirectionCounts {
  messages: number;
  bytes: number;
}

/** readyState names, indexed by the WebSocket constants. */
export const READY_STATES = ['connecting', 'open', 'closing', 'closed'] as const;
export type ConnectionState = (typeof READY_STATES)[number] | 'error';

export interface ConnectionRecord {
  /** Unique per tab: `<hook instance>:<n>`. */
  id: string;
  /** The resolved socket URL (`ws.url`). */
  url: string;
  /** Subprotocols the page asked for. */
  protocols: string[];
  /** URL of the document (frame) that created the socket. */
  frameUrl: string;
  /** Extension frame id of that document (0 = top frame). */
  frameId: number;
  created: number;
  state: ConnectionState;
  opened?: number;
  /** Negotiated subprotocol and extensions (`ws.protocol`, `ws.extensions`). */
  protocol?: string;
  extensions?: string;
  /** Time of the first `error` event. */
  errored?: number;
  close?: CloseInfo;
  /** Set when the page itself called `close()`, with the arguments it passed. */
  closeCall?: { t: number; code?: number; reason?: string };
  sent: DirectionCounts;
  received: DirectionCounts;
  handshake?: HandshakeInfo;
  /** Messages the relay dropped before the background stored them (its outbox cap), summed; `reason` and `t` of the last report. */
  lost?: { messages: number; bytes: number; reason: LossReason; t: number };
  /** The realm that opened the socket, where known (hook connections: page or frame). */
  realm?: Realm;
  /**
   * Set when only the network (webRequest) saw this socket and no page hook did: why its messages are
   * not visible. Such a connection has the handshake only; its id is `net:<webRequest requestId>`.
   */
  unseen?: UnseenReason;
  /** With "Record stacks" on: the page's JavaScript stack at `new WebSocket(...)`, or why it is missing. */
  stack?: RecordedStack;
  /** Debugger mode (Chrome): what opened the socket, as CDP's Network.Initiator says (src/debugger/cdp-sockets.ts). */
  initiator?: SocketInitiator;
  /** `debugger`: no page hook saw this socket; its messages were read through Chrome's debugger (debugger mode). */
  via?: CaptureVia;
}

/** Who captured the messages of a connection the page hook did not see. Persisted: append, never reorder. */
export type CaptureVia = 'debugger';

/** What opened a socket (CDP Network.Initiator): `script` with its location and stack, `parser`, or `other`. */
export interface SocketInitiator {
  type: string;
  url?: string;
  /** 1-based, as StackFrame. */
  line?: number;
  col?: number;
  frames?: StackFrame[];
}

/** Where a socket lives: the top document, a frame, a dedicated worker, or a worker not tied to a tab. */
export type Realm = 'page' | 'frame' | 'worker' | 'service or shared worker';

/**
 * Why a socket's messages are not visible (src/panel/connections/unseen.ts words them):
 * `worker`: opened in this tab while the page hook ran in the frame, so not by the frame's own code (a worker);
 * `no hook`: the frame had no page hook (it loaded before Sockscope, or the browser keeps content scripts out);
 * `tabless`: webRequest gave no tab (a service worker or shared worker of the page's origin).
 */
export type UnseenReason = 'worker' | 'no hook' | 'tabless';

/** Why captured messages never reached the store (the relay's `lost` event). */
export type LossReason = 'background unreachable' | 'extension reloaded';
