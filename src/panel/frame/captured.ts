/**
 * The Frame tab of an imported pcap/pcapng capture: the frames a message
 * really was on the wire (header, masking key, RSV1, every fragment, as the
 * capture holds them) and the control frames (ping, pong, close) the page
 * never sees, placed after the data message they followed. Pure: the
 * captured bytes are parsed again by the RFC 6455 frame decoder so the bit
 * grid and legend describe the real header.
 */
import { FrameDecoder } from '../../protocol';
import type { Direction, Frame } from '../../protocol';
import type { CapturedWire, ControlFrame, ImportedSession } from '../../import';
import type { MessageRecord } from '../../model/records';

export interface CapturedFrame {
  frame: Frame;
  header: Uint8Array;
  /** Packet number (1-based, as Wireshark counts) that carried the frame's last byte; null if unknown. */
  packet: number | null;
}

export type ParsedFrame = { ok: true; value: CapturedFrame } | { ok: false; error: string };

/** One frame's captured bytes → its decoded header; an error value if they are not one whole frame. */
export function parseWireFrame(bytes: Uint8Array, direction: Direction, deflate: boolean, packet: number | null): ParsedFrame {
  let frame: Frame | null = null;
  let failure: string | null = null;
  try {
    new FrameDecoder({ direction, rsv1Allowed: deflate }).push(
      bytes,
      (f) => (frame ??= f),
      (e) => (failure = e.message),
    );
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  const f = frame as Frame | null;
  if (!f) return { ok: false, error: `the captured bytes are not one whole frame${failure ? ` (${failure})` : ''}` };
  return { ok: true, value: { frame: f, header: bytes.subarray(0, f.headerLength), packet } };
}

export interface CapturedMessage {
  direction: Direction;
  frames: ParsedFrame[];
  compressed: boolean;
  wireBytes: number;
  packets: number[];
}

export function capturedMessage(rec: MessageRecord, wire: CapturedWire, deflate: boolean): CapturedMessage {
  const direction: Direction = rec.dir === 'out' ? 'client-to-server' : 'server-to-client';
  return {
    direction,
    frames: wire.frames.map((bytes, i) => parseWireFrame(bytes, direction, deflate, wire.packets[i] ?? null)),
    compressed: wire.compressed,
    wireBytes: wire.frames.reduce((n, f) => n + f.length, 0),
    packets: wire.packets,
  };
}

export interface ControlAround {
  /** Control frames of the connection before its first data message (shown with the first message). */
  before: ControlFrame[];
  /** Control frames after this message and before the connection's next data message. */
  after: ControlFrame[];
}

interface ControlIndex {
  after: Map<number, ControlFrame[]>;
  before: Map<number, ControlFrame[]>;
}

const indexes = new WeakMap<ImportedSession, ControlIndex>();

/** Built once per session: by message id, the control frames that followed it (and, for a first message, preceded it). */
function controlIndex(session: ImportedSession): ControlIndex {
  const cached = indexes.get(session);
  if (cached) return cached;
  const firstOf = new Map<string, number>();
  for (const m of session.messages) if (!firstOf.has(m.conn)) firstOf.set(m.conn, m.id);
  const index: ControlIndex = { after: new Map(), before: new Map() };
  for (const c of session.control) {
    const at = c.after ?? firstOf.get(c.conn);
    if (at === undefined) continue; // a connection without data messages has no row to show them on
    const map = c.after === null ? index.before : index.after;
    const list = map.get(at);
    if (list) list.push(c);
    else map.set(at, [c]);
  }
  indexes.set(session, index);
  return index;
}

export function controlAround(session: ImportedSession, messageId: number): ControlAround {
  const index = controlIndex(session);
  return { before: index.before.get(messageId) ?? [], after: index.after.get(messageId) ?? [] };
}

/** A control frame's payload for a label: close code and reason, or the ping/pong bytes as text when they are printable. */
export function describeControl(c: ControlFrame): string {
  const body = c.kind === 'close' ? c.data.subarray(Math.min(2, c.data.length)) : c.data;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  const printable = /^[\x20-\x7e\u00a0-\uffff]*$/.test(text) && !text.includes('\ufffd');
  const shown = body.length === 0 ? '' : printable ? `“${text}”` : `${body.length} bytes`;
  if (c.kind === 'close') return [c.closeCode === null ? 'no code' : String(c.closeCode), shown].filter(Boolean).join(' ');
  return shown || 'empty payload';
}
