/**
 * pcapng export: each connection as a TCP stream Wireshark follows (3-way
 * handshake, the HTTP Upgrade, then every message as an RFC 6455 frame,
 * then close frames and FINs), timed from the capture. The frames are
 * reconstructed from what the page saw — the masking keys are random, the
 * compressed bytes are our compressor's — and the file says so in its
 * section comment and on every frame's packet comment.
 */
import type { ConnectionRecord, MessageRecord } from '../model/records';
import { enhancedPacket, interfaceDescription, LINKTYPE_ETHERNET, sectionHeader } from './pcapng-blocks';
import { payloadBytes } from './payload';
import { redactRecords } from './redact';
import type { RedactOptions } from './redactor';
import { TcpFlow, type Endpoint, type Packet } from './tcp-packets';
import { FrameWriter, upgradeBytes, type KeySource } from './ws-wire';

export interface PcapngExportOptions {
  redact?: RedactOptions;
  /** Masking keys of client frames; default random per frame (RFC 6455 5.3). */
  maskingKey?: KeySource;
}

export interface PcapngExport {
  bytes: Uint8Array;
  /** Messages not written, with why: never on the wire (`injected`, `dropped`), payload not stored, compressor failure. */
  skipped: { id: number; reason: string }[];
}

export const SECTION_COMMENT =
  "Reconstructed by Sockscope from the page's view of its WebSockets: payloads, directions, opcodes and times are captured; " +
  "TCP/IP headers, masking keys, framing (one frame per message) and permessage-deflate bytes are Sockscope's choice. " +
  'Hosts other than loopback are mapped to documentation addresses (RFC 5737); wss:// connections are written in clear on port 80 unless the URL names a port.';

const NOT_ON_WIRE = new Set(['injected', 'dropped']);

function endpoints(url: string, index: number, hosts: Map<string, number>): { client: Endpoint; server: Endpoint } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/i.exec(url);
  const host = (m?.[2] ?? '').toLowerCase();
  const port = m?.[3] !== undefined ? Number(m[3]) : 80;
  const clientPort = 49152 + (index % 16384);
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host);
  if (loopback) return { client: { ip: [127, 0, 0, 1], port: clientPort }, server: { ip: [127, 0, 0, 1], port: port || 80 } };
  let n = hosts.get(host);
  if (n === undefined) hosts.set(host, (n = 1 + (hosts.size % 254)));
  return { client: { ip: [192, 0, 2, 1], port: clientPort }, server: { ip: [198, 51, 100, n], port: port || 80 } };
}

function closePayload(code: number | undefined, reason: string | undefined): Uint8Array {
  if (code === undefined || code === 1005 || code === 1006 || code === 1015) return new Uint8Array(0);
  const text = new TextEncoder().encode(reason ?? '');
  const out = new Uint8Array(2 + Math.min(text.length, 123));
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(text.subarray(0, 123), 2);
  return out;
}

async function connectionPackets(
  c: ConnectionRecord,
  messages: readonly MessageRecord[],
  index: number,
  hosts: Map<string, number>,
  options: PcapngExportOptions,
  skipped: PcapngExport['skipped'],
): Promise<Packet[]> {
  const { client, server } = endpoints(c.handshake?.url ?? c.url, index, hosts);
  const flow = new TcpFlow(client, server, 0x1000_0000 + index * 0x10000);
  const start = c.handshake?.t ?? c.created;
  const upgrade = await upgradeBytes(c);
  flow.open(start);
  flow.send(start, 'client', upgrade.request, `Sockscope connection ${c.id}: HTTP Upgrade request (reconstructed)`);
  if (upgrade.response === null) return flow.packets;
  flow.send(c.opened ?? start, 'server', upgrade.response, `Sockscope connection ${c.id}: HTTP Upgrade response (reconstructed)`);
  if (c.opened === undefined) {
    flow.close(c.close?.t ?? start, 'server');
    return flow.packets;
  }
  const out = new FrameWriter('client-to-server', upgrade.extensions, options.maskingKey);
  const inn = new FrameWriter('server-to-client', upgrade.extensions);
  let last = c.opened;
  for (const m of messages) {
    if (m.origin !== undefined && NOT_ON_WIRE.has(m.origin)) {
      skipped.push({ id: m.id, reason: `${m.origin}: never on the wire` });
      continue;
    }
    const payload = payloadBytes(m);
    const frame = payload === null ? null : (m.dir === 'out' ? out : inn).frame(m.opcode, payload);
    if (frame === null) {
      skipped.push({ id: m.id, reason: payload === null ? 'stored payload is not valid base64' : 'the compressor failed' });
      continue;
    }
    const trunc = m.truncated ? `, truncated: ${payload?.length ?? 0} of ${m.size} bytes` : '';
    flow.send(
      m.t,
      m.dir === 'out' ? 'client' : 'server',
      frame,
      `Sockscope message ${m.id}${m.origin ? ` (${m.origin})` : ''}: frame reconstructed by Sockscope${trunc}`,
    );
    last = Math.max(last, m.t);
  }
  const end = c.close?.t ?? c.closeCall?.t ?? last;
  if (c.closeCall || c.close?.wasClean) {
    // The closing side sends its close frame, the other echoes the code (RFC 6455 5.5.1).
    const byPage = c.closeCall !== undefined;
    const code = byPage ? (c.closeCall?.code ?? 1005) : c.close?.code;
    const reason = byPage ? c.closeCall?.reason : c.close?.reason;
    const first = byPage ? out.frame(8, closePayload(code, reason)) : inn.frame(8, closePayload(code, reason));
    const echo = byPage ? inn.frame(8, closePayload(code, '')) : out.frame(8, closePayload(code, ''));
    if (first) flow.send(end, byPage ? 'client' : 'server', first, `Sockscope connection ${c.id}: close frame (reconstructed)`);
    if (echo) flow.send(end, byPage ? 'server' : 'client', echo, `Sockscope connection ${c.id}: close frame echo (reconstructed)`);
    flow.close(end, byPage ? 'client' : 'server');
  } else if (c.close) {
    flow.close(end, 'server'); // 1006: the connection dropped without close frames
  }
  return flow.packets;
}

/** A pcapng file of these connections and messages (redacted unless `redact.enabled === false`). */
export async function exportPcapng(
  connections: readonly ConnectionRecord[],
  messages: readonly MessageRecord[],
  options: PcapngExportOptions = {},
): Promise<PcapngExport> {
  const r = redactRecords(connections, messages, options.redact ?? {});
  const byConn = new Map<string, MessageRecord[]>(r.connections.map((c) => [c.id, []]));
  for (const m of r.messages) byConn.get(m.conn)?.push(m);
  const skipped: PcapngExport['skipped'] = [];
  const hosts = new Map<string, number>();
  const packets: Packet[] = [];
  for (const [i, c] of r.connections.entries()) {
    const own = (byConn.get(c.id) ?? []).sort((a, b) => a.t - b.t || a.id - b.id);
    for (const p of await connectionPackets(c, own, i, hosts, options, skipped)) packets.push(p);
  }
  // Stable sort: packets of one connection keep their order at equal times.
  packets.sort((a, b) => a.t - b.t);
  const parts = [sectionHeader(SECTION_COMMENT, 'Sockscope'), interfaceDescription(LINKTYPE_ETHERNET, 'sockscope-reconstructed')];
  for (const p of packets) parts.push(enhancedPacket(p.t, p.bytes, p.comment));
  let size = 0;
  for (const p of parts) size += p.length;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, skipped };
}
