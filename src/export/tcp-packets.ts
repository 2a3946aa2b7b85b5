/**
 * Synthetic TCP/IPv4 over Ethernet packets for one connection: a real
 * three-way handshake, sequence and acknowledgement numbers that follow the
 * bytes, correct IPv4 header (RFC 791) and TCP (RFC 9293 3.1) checksums,
 * segments of at most one MSS, and a FIN exchange. What Wireshark needs to
 * follow the stream and reassemble HTTP and WebSocket in it.
 */
export interface Endpoint {
  ip: readonly [number, number, number, number];
  port: number;
}

export interface Packet {
  t: number;
  bytes: Uint8Array;
  comment?: string;
}

/** Segment size, as on an Ethernet path (1500 - 40): large messages span several packets like real ones. */
export const MSS = 1460;
const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;

function checksum(bytes: Uint8Array, from: number, to: number, initial = 0): number {
  let sum = initial;
  for (let i = from; i + 1 < to; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if ((to - from) % 2 === 1) sum += bytes[to - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function mac(ip: Endpoint['ip']): number[] {
  return [0x02, 0x00, ...ip]; // locally administered, derived from the address
}

export function tcpPacket(from: Endpoint, to: Endpoint, seq: number, ack: number, flags: number, payload: Uint8Array): Uint8Array {
  const ipLength = 20 + 20 + payload.length;
  const bytes = new Uint8Array(14 + ipLength);
  const view = new DataView(bytes.buffer);
  bytes.set(mac(to.ip), 0);
  bytes.set(mac(from.ip), 6);
  view.setUint16(12, 0x0800); // EtherType IPv4
  const ip = 14;
  bytes[ip] = 0x45; // version 4, IHL 5
  view.setUint16(ip + 2, ipLength);
  view.setUint16(ip + 6, 0x4000); // don't fragment
  bytes[ip + 8] = 64; // TTL
  bytes[ip + 9] = 6; // TCP
  bytes.set(from.ip, ip + 12);
  bytes.set(to.ip, ip + 16);
  view.setUint16(ip + 10, checksum(bytes, ip, ip + 20));
  const tcp = ip + 20;
  view.setUint16(tcp, from.port);
  view.setUint16(tcp + 2, to.port);
  view.setUint32(tcp + 4, seq >>> 0);
  view.setUint32(tcp + 8, ack >>> 0);
  bytes[tcp + 12] = 5 << 4; // data offset: 5 words
  bytes[tcp + 13] = flags;
  view.setUint16(tcp + 14, 65535); // window
  bytes.set(payload, tcp + 20);
  // Pseudo-header: source, destination, zero + protocol, TCP length.
  let pseudo = 6 + (20 + payload.length);
  for (let i = 0; i < 8; i += 2) pseudo += (bytes[ip + 12 + i]! << 8) | bytes[ip + 13 + i]!;
  view.setUint16(tcp + 16, checksum(bytes, tcp, bytes.length, pseudo));
  return bytes;
}

/** One TCP connection's packets, built in order. */
export class TcpFlow {
  readonly packets: Packet[] = [];
  private clientSeq: number;
  private serverSeq: number;

  constructor(
    private readonly client: Endpoint,
    private readonly server: Endpoint,
    isn: number,
  ) {
    this.clientSeq = isn >>> 0;
    this.serverSeq = (isn * 7 + 0x10000) >>> 0;
  }

  open(t: number): void {
    this.emit(t, 'client', SYN, new Uint8Array(0));
    this.clientSeq = (this.clientSeq + 1) >>> 0;
    this.emit(t, 'server', SYN | ACK, new Uint8Array(0));
    this.serverSeq = (this.serverSeq + 1) >>> 0;
    this.emit(t, 'client', ACK, new Uint8Array(0));
  }

  /** Bytes from one side, split at the MSS; the comment goes on the first segment. */
  send(t: number, side: 'client' | 'server', data: Uint8Array, comment?: string): void {
    for (let at = 0; at < data.length; at += MSS) {
      const part = data.subarray(at, Math.min(data.length, at + MSS));
      this.emit(t, side, ACK | PSH, part, at === 0 ? comment : undefined);
      if (side === 'client') this.clientSeq = (this.clientSeq + part.length) >>> 0;
      else this.serverSeq = (this.serverSeq + part.length) >>> 0;
    }
  }

  /** FIN from `first`, FIN from the other side, last ACK. */
  close(t: number, first: 'client' | 'server'): void {
    const second = first === 'client' ? 'server' : 'client';
    for (const side of [first, second] as const) {
      this.emit(t, side, FIN | ACK, new Uint8Array(0));
      if (side === 'client') this.clientSeq = (this.clientSeq + 1) >>> 0;
      else this.serverSeq = (this.serverSeq + 1) >>> 0;
    }
    this.emit(t, first, ACK, new Uint8Array(0));
  }

  private emit(time: number, side: 'client' | 'server', flags: number, payload: Uint8Array, comment?: string): void {
    // Never back in time within a flow: the file is sorted by time and TCP order must survive the sort.
    const t = Math.max(time, this.packets[this.packets.length - 1]?.t ?? time);
    const fromClient = side === 'client';
    const ack = flags & ACK ? (fromClient ? this.serverSeq : this.clientSeq) : 0;
    const bytes = fromClient
      ? tcpPacket(this.client, this.server, this.clientSeq, ack, flags, payload)
      : tcpPacket(this.server, this.client, this.serverSeq, ack, flags, payload);
    this.packets.push(comment === undefined ? { t, bytes } : { t, bytes, comment });
  }
}
