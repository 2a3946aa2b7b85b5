/**
 * Decoded WebSocket events of one captured connection → the store's records:
 * data messages become MessageRecords (with their captured frames kept
 * apart, by message id), control frames (ping, pong, close: never seen by
 * a page) become ControlFrames, and close frames give the close facts.
 */
import { bytesToBase64 } from '../model/base64';
import type { ConnectionRecord, Direction, MessageRecord } from '../model/records';
import { describeError, WebSocketDecoder, type DecodeEvent, type Frame, type PerMessageDeflateParams } from '../protocol';
import type { ImportedSession } from './types';

/** The frame's bytes exactly as on the wire: header rebuilt from its fields, payload still masked. */
export function wireBytes(f: Frame): Uint8Array {
  const body = f.maskedPayload ?? f.payload;
  const out = new Uint8Array(f.headerLength + body.length);
  out[0] = (f.fin ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.rsv2 ? 0x20 : 0) | (f.rsv3 ? 0x10 : 0) | (f.opcode & 0x0f);
  out[1] = (f.masked ? 0x80 : 0) | f.payloadLength7;
  let at = 2;
  if (f.lengthEncoding === '16') {
    out[2] = (f.payloadLength >> 8) & 0xff;
    out[3] = f.payloadLength & 0xff;
    at = 4;
  } else if (f.lengthEncoding === '64') {
    const hi = Math.floor(f.payloadLength / 4294967296);
    const lo = f.payloadLength >>> 0;
    for (let i = 0; i < 4; i++) out[2 + i] = (hi >>> (24 - 8 * i)) & 0xff;
    for (let i = 0; i < 4; i++) out[6 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    at = 10;
  }
  if (f.maskingKey) out.set(f.maskingKey, at);
  out.set(body, f.headerLength);
  return out;
}

interface Side {
  decoder: WebSocketDecoder;
  frames: { f: Frame; packet: number }[];
  control: Frame | null;
  broken: boolean;
}

/** Where a decode error sits: the packet that brought the bytes, and the stream offset (per direction, from the first byte after the HTTP head). */
export type Place = (dir: Direction, streamOffset: number) => string;

export class WsRecords {
  private readonly sides: Record<Direction, Side>;
  private firstClose: { dir: Direction; code: number | null; reason: string; t: number } | null = null;
  private closes = 0;
  /** The last data message completed on this connection: control frames are shown after it. */
  private lastId: number | null = null;

  constructor(
    readonly conn: ConnectionRecord,
    deflate: PerMessageDeflateParams | null,
    private readonly session: ImportedSession,
    private readonly nextId: () => number,
  ) {
    const side = (direction: 'client-to-server' | 'server-to-client'): Side => ({
      decoder: new WebSocketDecoder({ direction, permessageDeflate: deflate }),
      frames: [],
      control: null,
      broken: false,
    });
    this.sides = { out: side('client-to-server'), in: side('server-to-client') };
  }

  push(dir: Direction, data: Uint8Array, t: number, packet: number, place: Place): void {
    const side = this.sides[dir];
    if (side.broken) return;
    for (const e of side.decoder.push(data)) this.event(dir, side, e, t, packet, place);
  }

  /** End of the capture or of the TCP stream: unfinished frames and messages, and the close facts. */
  end(t: number, tcpClosed: boolean, place: Place): void {
    for (const dir of ['out', 'in'] as const) {
      const side = this.sides[dir];
      if (!side.broken) for (const e of side.decoder.end()) this.event(dir, side, e, t, 0, place);
    }
    if (this.firstClose) {
      const fc = this.firstClose;
      this.conn.close = { code: fc.code ?? 1005, reason: fc.reason, wasClean: this.closes >= 2, t: fc.t };
      if (fc.dir === 'out')
        this.conn.closeCall = { t: fc.t, ...(fc.code !== null ? { code: fc.code } : {}), ...(fc.reason ? { reason: fc.reason } : {}) };
      this.conn.state = 'closed';
    } else if (tcpClosed) {
      this.conn.close = { code: 1006, reason: '', wasClean: false, t };
      this.conn.state = 'closed';
    }
  }

  private event(dir: Direction, side: Side, e: DecodeEvent, t: number, packet: number, place: Place): void {
    if (e.type === 'error') {
      this.session.warnings.push({
        code: 'WEBSOCKET',
        message: `${this.conn.id} ${dir === 'out' ? 'client → server' : 'server → client'}: ${describeError(e.error)}`,
        place: place(dir, e.error.byteOffset),
      });
      if (e.error.fatal) side.broken = true;
      return;
    }
    if (e.type === 'frame') {
      if (e.frame.opcode >= 8) side.control = e.frame;
      else side.frames.push({ f: e.frame, packet });
      return;
    }
    const m = e.message;
    if (m.kind === 'text' || m.kind === 'binary') {
      const id = this.nextId();
      const record: MessageRecord = {
        id,
        conn: this.conn.id,
        t,
        dir,
        opcode: m.kind === 'text' ? 1 : 2,
        size: m.data.length,
        data: m.kind === 'text' ? (m.text ?? '') : bytesToBase64(m.data),
      };
      this.session.messages.push(record);
      this.lastId = id;
      this.session.captured.set(id, {
        frames: side.frames.map((x) => wireBytes(x.f)),
        packets: side.frames.map((x) => x.packet),
        compressed: m.compressed,
      });
      const counts = dir === 'out' ? this.conn.sent : this.conn.received;
      counts.messages++;
      counts.bytes += m.data.length;
      side.frames = [];
      return;
    }
    const frame = side.control;
    side.control = null;
    this.session.control.push({
      conn: this.conn.id,
      t,
      dir,
      kind: m.kind,
      data: m.data,
      closeCode: m.closeCode,
      packet,
      frame: frame ? wireBytes(frame) : new Uint8Array(0),
      after: this.lastId,
    });
    if (m.kind === 'close') {
      this.closes++;
      if (!this.firstClose) this.firstClose = { dir, code: m.closeCode, reason: m.text ?? '', t };
    }
  }
}
