/**
 * What every importer returns: a read-only session of the same records the
 * capture store holds, plus what only an import knows (captured wire
 * frames, control frames, per-stream reports). Errors are values with a
 * place: a JSON path for HAR, a line for NDJSON, a packet number and byte
 * offset for pcap/pcapng.
 */
import type { ConnectionRecord, Direction, MessageRecord } from '../model/records';

export type ImportErrorCode =
  | 'NOT_JSON'
  | 'BAD_SHAPE'
  | 'NO_WEBSOCKET_MESSAGES'
  | 'NOT_A_CAPTURE'
  | 'TRUNCATED_FILE'
  | 'BAD_BLOCK'
  | 'UNSUPPORTED_LINK_TYPE'
  | 'BAD_PACKET'
  | 'TCP_GAP'
  | 'HTTP'
  | 'WEBSOCKET'
  | 'CAP_EXCEEDED'
  | 'CANCELLED'
  | 'INTERNAL';

export interface ImportError {
  code: ImportErrorCode;
  message: string;
  /** `log.entries[3]._webSocketMessages[12].opcode`, `line 7`, `packet 41, byte 5120`… */
  place: string;
}

export type ImportResult<T> = { ok: true; value: T } | { ok: false; error: ImportError };

/**
 * The wire bytes of one message as captured: every frame (header and
 * payload as sent, still masked), in order. The Frame tab shows these,
 * labelled "captured", instead of a reconstruction.
 */
export interface CapturedWire {
  frames: Uint8Array[];
  /** Packet numbers (1-based, as Wireshark counts) that carried the frames' last bytes. */
  packets: number[];
  /** RSV1 set: permessage-deflate compressed on the wire (RFC 7692 6). */
  compressed: boolean;
}

/** A ping, pong or close frame: the page never sees these, a capture does. */
export interface ControlFrame {
  conn: string;
  t: number;
  dir: Direction;
  kind: 'ping' | 'pong' | 'close';
  data: Uint8Array;
  closeCode: number | null;
  packet: number;
  frame: Uint8Array;
  /** Id of the last data message of this connection (either direction) completed before this frame; null before the first. */
  after: number | null;
}

export type StreamState = 'websocket' | 'encrypted' | 'refused' | 'not-websocket' | 'incomplete';

/** One TCP stream of a capture and what became of it. */
export interface StreamReport {
  client: string;
  server: string;
  state: StreamState;
  /** Why it was not decoded (encrypted, no Upgrade, …). */
  reason?: string;
  /** The connection it became, when it was a WebSocket. */
  conn?: string;
  /** Bytes missing from the capture, per direction (`out` = client → server), with where the hole starts. */
  gaps: { dir: Direction; streamOffset: number; bytes: number; packet: number }[];
  retransmissions: number;
  outOfOrder: number;
  errors: ImportError[];
}

export interface ImportedSession {
  format: 'har' | 'ndjson' | 'pcap' | 'pcapng';
  /** Imported sessions are views of a file: never merged into a live tab's store. */
  readOnly: true;
  connections: ConnectionRecord[];
  messages: MessageRecord[];
  /** By message id; pcap/pcapng only. */
  captured: Map<number, CapturedWire>;
  control: ControlFrame[];
  streams: StreamReport[];
  /** Problems that did not stop the import. */
  warnings: ImportError[];
}

export function emptySession(format: ImportedSession['format']): ImportedSession {
  return { format, readOnly: true, connections: [], messages: [], captured: new Map(), control: [], streams: [], warnings: [] };
}
