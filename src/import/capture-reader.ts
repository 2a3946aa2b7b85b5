/**
 * Incremental reader of pcap (https://www.tcpdump.org/manpages/pcap-savefile.5.html)
 * and pcapng (draft-ietf-opsawg-pcapng) files: push chunks of any size, get
 * whole packets back with their number, time, link type and file offset.
 * Packet bytes are views into the pushed chunks (never copied here).
 */
import type { ImportError } from './types';

export interface RawPacket {
  /** 1-based, as Wireshark numbers them. */
  number: number;
  /** ms since the epoch. */
  t: number;
  linkType: number;
  data: Uint8Array;
  /** File offset of data[0]. */
  offset: number;
}

/** A packet or block larger than this is taken as corruption, not data. */
export const MAX_BLOCK_BYTES = 64 * 1024 * 1024;

interface Iface {
  linkType: number;
  /** Timestamp units per second. */
  units: number;
  offsetSeconds: number;
}

type Format = 'unknown' | 'pcap' | 'pcapng';

export class CaptureReader {
  format: Format = 'unknown';
  private buf: Uint8Array = new Uint8Array(0);
  /** File offset of buf[0]. */
  private base = 0;
  private pos = 0;
  private little = true;
  private pcapUnits = 1e6;
  private pcapLink = 0;
  private ifaces: Iface[] = [];
  private count = 0;
  error: ImportError | null = null;

  /** Bytes consumed so far (whole blocks). */
  get consumed(): number {
    return this.base + this.pos;
  }

  push(chunk: Uint8Array, out: RawPacket[]): void {
    if (this.error) return;
    const rest = this.buf.subarray(this.pos);
    if (rest.length === 0) this.buf = chunk;
    else {
      const joined = new Uint8Array(rest.length + chunk.length);
      joined.set(rest, 0);
      joined.set(chunk, rest.length);
      this.buf = joined;
    }
    this.base += this.pos;
    this.pos = 0;
    while (!this.error && this.step(out));
  }

  /** End of file: bytes left over mean a cut-off file. */
  end(): ImportError | null {
    if (this.error) return this.error;
    if (this.format === 'unknown') return this.fail('NOT_A_CAPTURE', 'empty file or too short for a pcap/pcapng header', 0);
    const left = this.buf.length - this.pos;
    if (left > 0)
      return this.fail(
        'TRUNCATED_FILE',
        `file ends inside a ${this.format === 'pcap' ? 'packet record' : 'block'} (${left} bytes left over)`,
        0,
      );
    return null;
  }

  private fail(code: ImportError['code'], message: string, at: number): ImportError {
    const offset = this.base + this.pos + at;
    this.error = { code, message, place: `packet ${this.count + 1}, byte ${offset}` };
    return this.error;
  }

  private u32(at: number, little = this.little): number {
    const b = this.buf;
    const i = this.pos + at;
    return little
      ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0
      : ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  }

  private u16(at: number): number {
    const i = this.pos + at;
    return this.little ? this.buf[i]! | (this.buf[i + 1]! << 8) : (this.buf[i]! << 8) | this.buf[i + 1]!;
  }

  private get avail(): number {
    return this.buf.length - this.pos;
  }

  private step(out: RawPacket[]): boolean {
    if (this.format === 'unknown') return this.header();
    return this.format === 'pcap' ? this.pcapRecord(out) : this.pcapngBlock(out);
  }

  private header(): boolean {
    if (this.avail < 24) return false;
    const le = this.u32(0, true);
    if (le === 0x0a0d0d0a) {
      this.format = 'pcapng';
      return true;
    }
    const magics: Record<number, [boolean, number]> = {
      0xa1b2c3d4: [true, 1e6],
      0xa1b23c4d: [true, 1e9],
      0xd4c3b2a1: [false, 1e6],
      0x4d3cb2a1: [false, 1e9],
    };
    const m = magics[le];
    if (!m) return (void this.fail('NOT_A_CAPTURE', `not a pcap or pcapng file (magic ${le.toString(16).padStart(8, '0')})`, 0), false);
    this.format = 'pcap';
    this.little = m[0];
    this.pcapUnits = m[1];
    this.pcapLink = this.u32(20) & 0x03ffffff; // upper bits: FCS length flags
    this.pos += 24;
    return true;
  }

  private pcapRecord(out: RawPacket[]): boolean {
    if (this.avail < 16) return false;
    const incl = this.u32(8);
    if (incl > MAX_BLOCK_BYTES) return (void this.fail('BAD_BLOCK', `packet record claims ${incl} bytes`, 8), false);
    if (this.avail < 16 + incl) return false;
    const t = this.u32(0) * 1000 + (this.u32(4) * 1000) / this.pcapUnits;
    this.emit(out, t, this.pcapLink, 16, incl);
    this.pos += 16 + incl;
    return true;
  }

  private pcapngBlock(out: RawPacket[]): boolean {
    if (this.avail < 12) return false;
    if (this.u32(0, true) === 0x0a0d0d0a) {
      const magic = this.u32(8, true);
      if (magic !== 0x1a2b3c4d && magic !== 0x4d3c2b1a)
        return (void this.fail('BAD_BLOCK', 'section header with a bad byte-order magic', 8), false);
      this.little = magic === 0x1a2b3c4d;
      this.ifaces = []; // interface ids are per section
    }
    const type = this.u32(0);
    const len = this.u32(4);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK_BYTES)
      return (void this.fail('BAD_BLOCK', `block of type 0x${type.toString(16)} has length ${len}`, 4), false);
    if (this.avail < len) return false;
    if (this.u32(len - 4) !== len)
      return (void this.fail('BAD_BLOCK', 'block trailing length differs from its leading length', len - 4), false);
    if (type === 1 && len >= 20) this.ifaces.push(this.iface(len));
    else if (type === 6 || type === 2) {
      const epb = type === 6;
      const id = epb ? this.u32(8) : this.u16(8);
      const cap = this.u32(20);
      const iface = this.ifaces[id];
      if (!iface)
        return (void this.fail('BAD_BLOCK', `packet on interface ${id}, which no Interface Description Block declared`, 8), false);
      if (28 + cap > len) return (void this.fail('BAD_BLOCK', `captured length ${cap} overruns its block`, 20), false);
      const ts = this.u32(12) * 4294967296 + this.u32(16);
      this.emit(out, (ts / iface.units + iface.offsetSeconds) * 1000, iface.linkType, 28, cap);
    } else if (type === 3) {
      const iface = this.ifaces[0];
      if (!iface) return (void this.fail('BAD_BLOCK', 'simple packet block before any interface', 0), false);
      this.emit(out, 0, iface.linkType, 12, Math.min(this.u32(8), len - 16));
    }
    this.pos += len;
    return true;
  }

  private iface(len: number): Iface {
    const iface: Iface = { linkType: this.u16(8), units: 1e6, offsetSeconds: 0 };
    for (let at = 16; at + 4 <= len - 4;) {
      const code = this.u16(at);
      const olen = this.u16(at + 2);
      if (code === 0) break;
      if (code === 9 && olen >= 1) {
        const v = this.buf[this.pos + at + 4]!;
        iface.units = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
      } else if (code === 14 && olen >= 8) {
        const [hi, lo] = this.little ? [this.u32(at + 8), this.u32(at + 4)] : [this.u32(at + 4), this.u32(at + 8)];
        iface.offsetSeconds = (hi | 0) * 4294967296 + lo; // signed 64-bit seconds
      }
      at += 4 + ((olen + 3) & ~3);
    }
    return iface;
  }

  private emit(out: RawPacket[], t: number, linkType: number, at: number, length: number): void {
    this.count++;
    const start = this.pos + at;
    out.push({ number: this.count, t, linkType, data: this.buf.subarray(start, start + length), offset: this.base + start });
  }
}
