/**
 * What commands carry (the envelopes that cross ports are in protocol.ts,
 * which re-exports everything here): payloads, intercept rules, the
 * commands themselves, their outcome, held messages. Pure types.
 */
import type { Direction } from '../model/records';

/** A command or held payload on every port: binary as bytes (structured clone), never base64. */
export type Payload = { opcode: 1; text: string } | { opcode: 2; bytes: ArrayBuffer };
/** Origins a send command may record (MessageRecord.origin). */
export type SendOrigin = 'resent' | 'composed' | 'edited';

/** The largest payload a command may carry (bytes; text measured in UTF-16 units × 3 at most). */
export const MAX_COMMAND_PAYLOAD = 16 * 1024 * 1024;
/** How long a panel waits for a command's answer; the background answers TIMEOUT a second earlier (command-router.ts). */
export const COMMAND_TIMEOUT_MS = 5000;
/** Held messages are forwarded after this long unless the panel says otherwise. */
export const DEFAULT_HOLD_TIMEOUT_MS = 30_000;

/**
 * An intercept rule. `match`: substring, or a regular expression when `regex`
 * (text messages only; an empty substring matches everything, binary too).
 * `hold`: pause the message until forwarded, edited or dropped.
 * `reply`: let it pass, then inject (as if the server answered) or send `reply`.
 * `conns`: only these connections (a frame of another origin than the top
 * page gets a rule only when it names one of that frame's connections).
 */
export interface InterceptRule {
  id: string;
  dir: Direction | 'both';
  match: string;
  regex?: boolean;
  action: 'hold' | 'reply';
  reply?: { as: 'inject' | 'send'; payload: Payload };
  conns?: string[];
}

export type PageCommand =
  /** Send on the page's real socket through the native send (recorded as `out` with `origin`). */
  | { op: 'send'; conn: string; payload: Payload; origin: SendOrigin }
  /** Deliver to the page's listeners as a real MessageEvent (recorded as `in`, origin `injected`). */
  | { op: 'inject'; conn: string; payload: Payload }
  /** A new WebSocket to the same URL and requested subprotocols, created in the page. */
  | { op: 'reopen'; conn: string }
  /** Replace the intercept rules (each frame gets those that can apply to its connections). */
  | { op: 'setIntercept'; rules: InterceptRule[]; holdTimeoutMs?: number }
  /** Release one held message: forward it (edited when `payload` is given) or drop it. */
  | { op: 'decide'; holdId: string; action: 'forward' | 'drop'; payload?: Payload }
  /** Clear the rules and forward everything held (the panel went away). */
  | { op: 'release' }
  /** Record stacks or not (the tab's `recordStacks` option; sent by the background only, never accepted from a panel). */
  | { op: 'setStacks'; on: boolean };

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
/** The answer to a command, as every hop passes it on. */
export type CommandOutcome = { ok: true; result: CommandOk } | { ok: false; error: CommandError };
/** A message held by an intercept rule, waiting for the panel's decision. */
export interface HeldMessage {
  holdId: string;
  conn: string;
  dir: Direction;
  t: number;
  ruleId: string;
  payload: Payload;
}
