/**
 * One TCP conversation of a capture: both directions reassembled, the HTTP
 * Upgrade recognised in it, then its bytes handed to the WebSocket decoder.
 * TLS (a first record 0x16 0x03, RFC 8446 5.1) is listed as encrypted and
 * left alone: without keys there is nothing to decode.
 */
import type { ConnectionRecord, Direction } from '../model/records';
import { negotiatedDeflate } from '../protocol';
import { headerValue, isUpgradeRequest, parseHead, statusOf, type HttpHead } from './http-head';
import { HalfStream, type Delivery } from './tcp-reassembly';
import type { ImportedSession, StreamReport } from './types';
import { WsRecords } from './ws-records';

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export class Conversation {
  readonly halves: Record<Direction, HalfStream> = { out: new HalfStream(), in: new HalfStream() };
  readonly report: StreamReport;
  private head: Record<Direction, Uint8Array> = { out: new Uint8Array(0), in: new Uint8Array(0) };
  /** Stream offset where WebSocket bytes start, per direction (after the HTTP head). */
  private wsStart: Record<Direction, number> = { out: 0, in: 0 };
  private request: HttpHead | null = null;
  private requestT = 0;
  private ws: WsRecords | null = null;
  private packet = 0;
  private lastT = 0;
  tcpClosed = false;

  constructor(
    readonly client: string,
    readonly server: string,
    private readonly firstT: number,
    private readonly session: ImportedSession,
    private readonly nextConn: () => string,
    private readonly nextId: () => number,
  ) {
    this.report = {
      client,
      server,
      state: 'incomplete',
      reason: 'no HTTP Upgrade seen',
      gaps: [],
      retransmissions: 0,
      outOfOrder: 0,
      errors: [],
    };
  }

  segment(dir: Direction, seq: number, syn: boolean, payload: Uint8Array, t: number, packet: number): void {
    this.packet = packet;
    this.lastT = t;
    const half = this.halves[dir];
    if (syn) half.syn(seq);
    if (payload.length === 0) return;
    const out: Delivery[] = [];
    const gap = half.push(seq, payload, out);
    if (gap) this.gap(dir, gap.streamOffset, gap.bytes);
    for (const d of out) this.bytes(dir, d, t);
  }

  /** End of capture: report holes still open, finish decoding. */
  finish(): void {
    for (const dir of ['out', 'in'] as const) {
      const out: Delivery[] = [];
      for (const gap of this.halves[dir].flush(out)) this.gap(dir, gap.streamOffset, gap.bytes);
      for (const d of out) this.bytes(dir, d, this.lastT);
      this.report.retransmissions += this.halves[dir].retransmissions;
      this.report.outOfOrder += this.halves[dir].outOfOrder;
    }
    this.ws?.end(this.lastT, this.tcpClosed, (dir, offset) => this.place(dir, offset));
  }

  private place(dir: Direction, wsOffset: number): string {
    return `packet ${this.packet}, ${dir === 'out' ? 'client → server' : 'server → client'} stream byte ${this.wsStart[dir] + wsOffset} (${this.client} ↔ ${this.server})`;
  }

  private gap(dir: Direction, streamOffset: number, bytes: number): void {
    this.report.gaps.push({ dir, streamOffset, bytes, packet: this.packet });
    // The decoder cannot resynchronise inside a frame stream with a hole: stop this direction, say why.
    this.report.errors.push({
      code: 'TCP_GAP',
      message: `${bytes} bytes missing from the capture; ${this.ws ? 'WebSocket decoding of this direction stopped' : 'handshake unreadable'}`,
      place: `packet ${this.packet}, ${dir === 'out' ? 'client → server' : 'server → client'} stream byte ${streamOffset}`,
    });
    this.stopped[dir] = true;
  }

  private stopped: Record<Direction, boolean> = { out: false, in: false };

  private bytes(dir: Direction, d: Delivery, t: number): void {
    if (this.stopped[dir] || this.report.state === 'encrypted' || this.report.state === 'not-websocket' || this.report.state === 'refused')
      return;
    if (this.ws && this.report.state === 'websocket') return this.ws.push(dir, d.data, t, this.packet, (x, o) => this.place(x, o));
    this.head[dir] = concat(this.head[dir], d.data);
    const buf = this.head[dir];
    if (d.offset === 0 && buf[0] === 0x16 && buf[1] === 0x03) {
      this.set(
        'encrypted',
        `TLS record (0x16 0x03) at the start of the ${dir === 'out' ? 'client' : 'server'} stream: encrypted, not decoded without the session keys`,
      );
      return;
    }
    if (dir === 'out' && this.request === null) return this.readRequest(t);
    if (dir === 'in' && this.request !== null) return this.readResponse(t);
  }

  private readRequest(t: number): void {
    const r = parseHead(this.head.out);
    if (!r.ok) {
      if (!r.incomplete) this.set('not-websocket', `client did not send an HTTP request: ${r.message}`);
      return;
    }
    if (!isUpgradeRequest(r.head)) return this.set('not-websocket', `not a WebSocket Upgrade: "${r.head.startLine.slice(0, 80)}"`);
    this.request = r.head;
    this.requestT = t;
    this.wsStart.out = r.head.length;
    this.head.out = this.head.out.subarray(r.head.length);
    if (this.head.in.length > 0) this.readResponse(t);
  }

  private readResponse(t: number): void {
    const r = parseHead(this.head.in);
    if (!r.ok) {
      if (!r.incomplete) this.set('not-websocket', `server did not answer with HTTP: ${r.message}`);
      return;
    }
    const req = this.request!;
    const status = statusOf(r.head);
    const target = req.startLine.split(/\s+/)[1] ?? '/';
    const id = this.nextConn();
    const extensions = status === 101 ? headerValue(r.head.headers, 'sec-websocket-extensions') : undefined;
    const protocol = status === 101 ? headerValue(r.head.headers, 'sec-websocket-protocol') : undefined;
    const conn: ConnectionRecord = {
      id,
      url: `ws://${headerValue(req.headers, 'host') ?? this.server}${target}`,
      protocols: (headerValue(req.headers, 'sec-websocket-protocol') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
      frameUrl: headerValue(req.headers, 'origin') ?? '',
      frameId: 0,
      created: this.firstT,
      state: status === 101 ? 'open' : 'error',
      sent: { messages: 0, bytes: 0 },
      received: { messages: 0, bytes: 0 },
      handshake: {
        url: '',
        requestId: id,
        t: this.requestT,
        requestHeaders: req.headers,
        responseHeaders: r.head.headers,
        statusLine: r.head.startLine,
        ...(status !== null ? { status } : {}),
      },
    };
    conn.handshake!.url = conn.url;
    if (protocol !== undefined) conn.protocol = protocol;
    if (extensions !== undefined) conn.extensions = extensions;
    this.session.connections.push(conn);
    this.report.conn = id;
    if (status !== 101) return this.set('refused', `server answered "${r.head.startLine.slice(0, 80)}"`);
    conn.opened = t;
    const deflate = negotiatedDeflate(extensions);
    if (!deflate.ok)
      this.report.errors.push({
        code: 'HTTP',
        message: `Sec-WebSocket-Extensions: ${deflate.error.message}`,
        place: `packet ${this.packet}`,
      });
    this.ws = new WsRecords(conn, deflate.ok ? deflate.value : null, this.session, this.nextId);
    this.set('websocket');
    this.wsStart.in = r.head.length;
    const restIn = this.head.in.subarray(r.head.length);
    const restOut = this.head.out;
    this.head = { out: new Uint8Array(0), in: new Uint8Array(0) };
    const place = (x: Direction, o: number): string => this.place(x, o);
    if (restOut.length > 0) this.ws.push('out', restOut, t, this.packet, place);
    if (restIn.length > 0) this.ws.push('in', restIn, t, this.packet, place);
  }

  private set(state: StreamReport['state'], reason?: string): void {
    this.report.state = state;
    if (reason === undefined) delete this.report.reason;
    else this.report.reason = reason;
  }
}
