/**
 * The contract every payload decoder implements (issue 4). Pure: no browser
 * imports. A decoder consumes the whole input or says "not mine".
 */

/** A node of the structured "Decoded" tree shown in the detail pane. */
export interface DecodedField {
  name: string;
  /** A short rendering of a scalar value; absent for pure containers. */
  value?: string;
  children?: DecodedField[];
}

/** Traffic that is protocol housekeeping rather than application data. */
export type ControlClass = 'heartbeat' | 'handshake' | 'control';

export interface Decoded {
  /** Registry id of the protocol, e.g. `json`, `socketio`, `mqtt`. */
  protocol: string;
  /** Packet kind inside that protocol, e.g. `EVENT`, `PUBLISH`, `next`. */
  kind: string;
  /** One line for the table, e.g. `event publish`, `MQTT PUBLISH chat/room1 qos 1 id 7`. */
  summary: string;
  /** Application event / command / topic name, for `event:` filters. */
  event?: string;
  /** Decoded JSON-compatible value of the application payload, for `json:` filters. */
  value?: unknown;
  control?: ControlClass;
  /** Request/response pairing key (issue 4 "Pairing"). */
  pair?: { key: string; role: 'request' | 'response' };
  fields: DecodedField[];
}

/** What a decoder sees: the message and a little connection context. */
export interface DecodeInput {
  opcode: 1 | 2;
  /** Text payload for opcode 1. */
  text?: string;
  /** Binary payload for opcode 2. */
  bytes?: Uint8Array;
  /** Negotiated subprotocol of the connection, when any. */
  subprotocol?: string;
  /** Connection URL (e.g. `/socket.io/?EIO=4&transport=websocket`). */
  url?: string;
}

export type DecodeResult = { ok: true; decoded: Decoded } | { ok: false; reason: string };

export interface Decoder {
  id: string;
  /** Human name for the per-connection override menu. */
  name: string;
  decode(input: DecodeInput): DecodeResult;
}
