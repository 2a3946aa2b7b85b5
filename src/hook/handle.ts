/**
 * The page hook's seams (install.ts): what it emits, what send() accepts, the
 * intercept gate, and the handle commands (commands.ts) drive it through.
 */
import type { MessageOrigin } from '../model/records';
import type { HookEvent } from '../messaging/protocol';

export type Emit = (event: HookEvent, weight: number) => void;
/** The fast path for the page's plain text messages (whole, no stack, sent while open): packed, no event object. */
export type EmitText = (conn: string, t: number, out: boolean, text: string, buffered: number) => void;

/** What send() accepts after the one USVString conversion. */
export type SendData = string | ArrayBuffer | ArrayBufferView | Blob;

/**
 * Intercept seam (src/hook/commands.ts). Each returns true when it took the
 * message: an outgoing one is then not sent, an incoming one not delivered.
 * Null when no rule is set: one branch per message, nothing more.
 */
export interface Gate {
  out(ws: WebSocket, conn: string, data: SendData): boolean;
  in(ws: WebSocket, conn: string, data: unknown): boolean;
}

export interface HookHandle {
  /** How many sockets this hook has seen (diagnostics). */
  readonly connections: number;
  /** Per-socket state held now: live sockets, and closed ones remembered for reopen (bounded). */
  readonly tracked: { live: number; remembered: number };
  /** The page's socket for a connection id of this hook, while it exists. */
  socketOf(conn: string): WebSocket | undefined;
  /** The native readyState (the page may have shadowed the getter). */
  readyState(ws: WebSocket): number;
  /** URL and requested subprotocols as the page created the socket (live, or among the last 256 closed). */
  describe(conn: string): { url: string; protocols: string[] } | undefined;
  /** Native send (bypassing the page's wrappers and the gate), recorded as `out` with `origin`. Throws like send(). */
  send(ws: WebSocket, data: SendData, origin?: MessageOrigin): void;
  /** Dispatches a MessageEvent on the socket; recorded once as `in` with `origin`, never gated. */
  deliver(ws: WebSocket, data: unknown, origin?: MessageOrigin): boolean;
  /** Records a message Sockscope handled without it crossing the wire (a dropped one). */
  note(conn: string, dir: 'in' | 'out', data: unknown, origin: MessageOrigin): void;
  /** A new socket created through the native constructor, captured like any other; returns its id. */
  open(url: string, protocols: string[]): string;
  /** A binary payload as the page's socket would deliver it (binaryType blob or arraybuffer). */
  asReceived(ws: WebSocket, bytes: ArrayBuffer): Blob | ArrayBuffer;
  setGate(gate: Gate | null): void;
  /**
   * "Record stacks" on or off (the tab's option, sent when the relay connects and when it changes). Turning it
   * on marks every live socket's creation stack "setting-late": they were created before the page knew.
   */
  setStacks(on: boolean): void;
}

export interface HookOptions {
  /** Payloads are cut to this many bytes before they are copied (the store's per-message cap). */
  maxMessageBytes: number;
  /** When set, plain text messages go here instead of `emit` (src/hook/text-runs.ts). */
  emitText?: EmitText;
}
