/**
 * The contract every payload decoder implements. Pure: no browser imports.
 * A decoder consumes the whole input or says "not mine", and is total: it
 * returns a value or an error value, never throws (the registry also guards
 * every call), within a bounded time and memory per message.
 *
 * Everything the rest of Sockscope needs to know about a protocol is a fact
 * on its Decoder (how it is announced, sniffed, whether it is binary or
 * stateful), so adding a protocol is one file plus its test, listed once in
 * registry.ts.
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
  /**
   * Request/response pairing key. Keys are scoped by
   * direction in src/pairing: a response pairs with a request sent the other way.
   */
  pair?: PairTag;
  fields: DecodedField[];
  /**
   * When one message carries several protocol units (MQTT packets, STOMP
   * frames, SignalR records, a JSON-RPC batch), one entry per unit. The top
   * level then summarizes the whole message and copies the first unit's
   * `event`/`value`, so simple filters still work.
   */
  parts?: Decoded[];
}

export interface PairTag {
  key: string;
  role: 'request' | 'response';
  /**
   * Responses only: false when more responses may follow for the same request
   * (graphql `next`, SignalR stream items). Absent means true.
   */
  final?: boolean;
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
  /** Facts learned earlier on the same connection (see session.ts). */
  hints?: DecodeHints;
}

/**
 * Some wire formats cannot be decoded from one message alone: MQTT 5 and 3.1.1
 * PUBLISH packets differ only by the version negotiated in CONNECT.
 */
export interface DecodeHints {
  mqttVersion?: 3 | 4 | 5;
  /** Raw deflate has no header to sniff; set when the user chose it by hand. */
  rawDeflate?: boolean;
  /** Set on the payload a compressed decoder inflated: it is not inflated again (gzip in gzip is a bomb, not a protocol). */
  inflated?: boolean;
}

export type DecodeResult = { ok: true; decoded: Decoded } | { ok: false; reason: string };

/**
 * Decoding state of one connection, fed its messages in arrival order (both
 * directions; `dir` keeps their partial state apart). Its buffers are bounded:
 * it gives up with an error value rather than grow without end.
 */
export interface DecodeStream {
  decode(input: DecodeInput, dir: 'in' | 'out'): DecodeResult;
}

/** How content sniffing tries a decoder on connections that announce no protocol. */
export interface SniffRule {
  /** Messages of this opcode are tried (binary ones that are UTF-8 are also tried as text). */
  opcode: 1 | 2;
  /** Lower ranks are tried first: specific protocols before generic JSON / MessagePack. */
  rank: number;
  /** Only messages matching it are tried, before any unshaped rule (and never binary-as-text). */
  shape?: RegExp;
}

export interface Decoder {
  id: string;
  /** Human name for the per-connection override menu. */
  name: string;
  /**
   * Its connections' binary messages are protocol data that this decoder
   * summarizes: free-text search reads their decoded summary, not their hex.
   */
  binary: boolean;
  /** Sec-WebSocket-Protocol values (lower case) that announce it. */
  subprotocols?: readonly string[];
  /** Connection URLs that announce it. */
  urlPattern?: RegExp;
  sniff?: SniffRule;
  /**
   * Present when a message cannot be decoded without the earlier ones (MQTT
   * packets split across messages, Socket.IO binary attachments): makes the
   * per-connection stream. `single` decodes one message on its own.
   */
  stateful?: (single: (input: DecodeInput) => DecodeResult) => DecodeStream;
  decode(input: DecodeInput): DecodeResult;
}
