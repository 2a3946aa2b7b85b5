/**
 * From a captured link-layer frame to a TCP segment: Ethernet (with 802.1Q
 * tags), Linux cooked SLL and SLL2, BSD loopback/null and raw IP link types
 * (https://www.tcpdump.org/linktypes.html); IPv4 (RFC 791) and IPv6
 * (RFC 8200, skipping extension headers); TCP (RFC 9293 3.1).
 */
export interface Segment {
  /** `ip:port` of each side; IPv6 in brackets. */
  src: string;
  dst: string;
  seq: number;
  ack: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  ackFlag: boolean;
  payload: Uint8Array;
  /** Offset of payload[0] within the link-layer frame. */
  payloadOffset: number;
}

export type SegmentResult = { ok: true; segment: Segment | null } | { ok: false; message: string; at: number; unsupported?: boolean };

export const SUPPORTED_LINK_TYPES: Record<number, string> = {
  0: 'BSD loopback (null)',
  1: 'Ethernet',
  101: 'raw IP',
  108: 'OpenBSD loopback',
  113: 'Linux cooked (SLL)',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};

const be16 = (d: Uint8Array, i: number): number => (d[i]! << 8) | d[i + 1]!;
const be32 = (d: Uint8Array, i: number): number => ((d[i]! << 24) | (d[i + 1]! << 16) | (d[i + 2]! << 8) | d[i + 3]!) >>> 0;

/** Offset of the IP header and its EtherType-like kind (4 or 6), or an error. */
function network(d: Uint8Array, linkType: number): { at: number; version: number } | { error: string; at: number; unsupported?: boolean } {
  const byType = (type: number, at: number): { at: number; version: number } => ({
    at,
    version: type === 0x0800 ? 4 : type === 0x86dd ? 6 : 0,
  });
  switch (linkType) {
    case 1: {
      let at = 12;
      if (d.length < 14) return { error: 'Ethernet header cut short', at: 0 };
      while ((be16(d, at) === 0x8100 || be16(d, at) === 0x88a8) && at + 6 <= d.length) at += 4; // 802.1Q / 802.1ad tags
      return byType(be16(d, at), at + 2);
    }
    case 113:
      return d.length < 16 ? { error: 'SLL header cut short', at: 0 } : byType(be16(d, 14), 16);
    case 276:
      return d.length < 20 ? { error: 'SLL2 header cut short', at: 0 } : byType(be16(d, 0), 20);
    case 0:
    case 108: {
      if (d.length < 4) return { error: 'loopback header cut short', at: 0 };
      // Address family in the capturing host's byte order (0) or big-endian (108): AF_INET 2; AF_INET6 24, 28 or 30.
      const fam = d[0] === 0 && d[1] === 0 ? be32(d, 0) : d[0]! | (d[1]! << 8);
      return { at: 4, version: fam === 2 ? 4 : fam === 24 || fam === 28 || fam === 30 ? 6 : 0 };
    }
    case 101:
    case 228:
    case 229:
      return { at: 0, version: (d[0] ?? 0) >> 4 };
    default:
      return {
        error: `link type ${linkType} is not supported (supported: ${Object.entries(SUPPORTED_LINK_TYPES)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
        at: 0,
        unsupported: true,
      };
  }
}

function ipv6Text(d: Uint8Array, i: number): string {
  const parts: string[] = [];
  for (let k = 0; k < 16; k += 2) parts.push(be16(d, i + k).toString(16));
  return `[${parts.join(':')}]`;
}

/** The TCP segment in a link-layer frame; `segment: null` for anything else (ARP, UDP, IP fragments). */
export function parseSegment(d: Uint8Array, linkType: number): SegmentResult {
  const net = network(d, linkType);
  if ('error' in net) return { ok: false, message: net.error, at: net.at, ...(net.unsupported ? { unsupported: true } : {}) };
  let at = net.at;
  let src: string;
  let dst: string;
  let end: number;
  if (net.version === 4) {
    if (d.length < at + 20) return { ok: false, message: 'IPv4 header cut short', at };
    const ihl = (d[at]! & 0x0f) * 4;
    const total = be16(d, at + 2);
    if (ihl < 20 || total < ihl) return { ok: false, message: `IPv4 header length ${ihl} / total length ${total} invalid`, at };
    if (d[at + 9] !== 6) return { ok: true, segment: null };
    if ((be16(d, at + 6) & 0x3fff) !== 0) return { ok: true, segment: null }; // a fragment (MF or offset): not reassembled
    src = `${d[at + 12]}.${d[at + 13]}.${d[at + 14]}.${d[at + 15]}`;
    dst = `${d[at + 16]}.${d[at + 17]}.${d[at + 18]}.${d[at + 19]}`;
    // total 0 happens with TSO captures: the frame is the truth then.
    end = total === 0 ? d.length : Math.min(d.length, at + total);
    at += ihl;
  } else if (net.version === 6) {
    if (d.length < at + 40) return { ok: false, message: 'IPv6 header cut short', at };
    let next = d[at + 6]!;
    const payloadLength = be16(d, at + 4);
    src = ipv6Text(d, at + 8);
    dst = ipv6Text(d, at + 24);
    end = payloadLength === 0 ? d.length : Math.min(d.length, at + 40 + payloadLength);
    at += 40;
    // Hop-by-hop (0), routing (43), destination options (60): skip; a fragment header (44) is not reassembled.
    while (next === 0 || next === 43 || next === 60) {
      if (at + 8 > end) return { ok: false, message: 'IPv6 extension header cut short', at };
      next = d[at]!;
      at += (d[at + 1]! + 1) * 8;
    }
    if (next !== 6) return { ok: true, segment: null };
  } else return { ok: true, segment: null };
  if (end < at + 20) return { ok: false, message: 'TCP header cut short', at };
  const offset = (d[at + 12]! >> 4) * 4;
  if (offset < 20 || at + offset > end) return { ok: false, message: `TCP data offset ${offset} invalid`, at: at + 12 };
  const flags = d[at + 13]!;
  const segment: Segment = {
    src: `${src}:${be16(d, at)}`,
    dst: `${dst}:${be16(d, at + 2)}`,
    seq: be32(d, at + 4),
    ack: be32(d, at + 8),
    syn: (flags & 0x02) !== 0,
    fin: (flags & 0x01) !== 0,
    rst: (flags & 0x04) !== 0,
    ackFlag: (flags & 0x10) !== 0,
    payload: d.subarray(at + offset, end),
    payloadOffset: at + offset,
  };
  return { ok: true, segment };
}
