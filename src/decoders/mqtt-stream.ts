/**
 * MQTT over WebSocket as a stream (MQTT 3.1.1 / 5 section 6: a packet may be
 * split across WebSocket messages, and one message may hold several). Per
 * connection: the version negotiated by CONNECT; per direction: the bytes of
 * an incomplete packet.
 *
 * The buffer is bounded. The fixed header announces a packet's size (up to
 * 256 MiB), so 5 bytes of page data could otherwise make every later binary
 * message join an ever-growing buffer: past MAX_PENDING bytes the stream
 * gives up with "not MQTT after N bytes" and later messages decode alone.
 * Chunks are kept as a list and joined once, when the packet is complete.
 */
import { ReadError, ByteReader } from './bytes';
import type { MqttVersion } from './mqtt-packet';
import { splitMqttFrames } from './mqtt-packet';
import type { Decoded, DecodeInput, DecodeResult, DecodeStream } from './types';
import { fail, ok } from './util';

/** Bytes of one incomplete packet a direction may hold (a stored message is at most 1 MiB). */
export const MAX_PENDING = 8 * 1024 * 1024;

interface Pending {
  chunks: Uint8Array[];
  size: number;
  need: number | undefined;
}

/** Header length + remaining length of the packet at the start of `b`, when its header is complete. */
function announcedSize(b: Uint8Array): number | undefined {
  const r = new ByteReader(b);
  r.pos = 1;
  try {
    const length = r.mqttVarint();
    return r.pos + length;
  } catch (e) {
    if (e instanceof ReadError) return undefined;
    throw e;
  }
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const tooBig = (size: number, need: number | undefined): DecodeResult =>
  fail(
    `not MQTT after ${size} bytes: ${need === undefined ? 'no packet header' : `a packet of ${need} bytes announced`}, over the ${MAX_PENDING} bytes a connection buffers`,
  );

export function createMqttStream(
  single: (input: DecodeInput) => DecodeResult,
  decodePackets: (bytes: Uint8Array, version?: MqttVersion) => DecodeResult,
): DecodeStream {
  let version: MqttVersion | undefined;
  const pending = new Map<string, Pending>();

  function decodeWhole(bytes: Uint8Array, input: DecodeInput, dir: string): DecodeResult {
    let tail: number;
    try {
      tail = splitMqttFrames(bytes).tail;
    } catch {
      return single(input);
    }
    if (tail < bytes.length) {
      const rest = bytes.slice(tail);
      const need = announcedSize(rest);
      if (need !== undefined && need > MAX_PENDING) {
        if (tail === 0) return tooBig(rest.length, need);
      } else {
        pending.set(dir, { chunks: [rest], size: rest.length, need });
      }
    }
    if (tail === 0) return partial(bytes.length, pending.get(dir)?.need);
    const result = decodePackets(bytes.subarray(0, tail), version);
    if (result.ok) {
      const units: Decoded[] = result.decoded.parts ?? [result.decoded];
      for (const u of units) if (u.kind === 'CONNECT') version = Number(u.fields.find((f) => f.name === 'version')?.value) as MqttVersion;
    }
    return result;
  }

  return {
    decode(input, dir) {
      if (input.opcode !== 2) return single(input);
      const chunk = input.bytes ?? new Uint8Array(0);
      const p = pending.get(dir);
      if (!p) return decodeWhole(chunk, input, dir);
      p.chunks.push(chunk);
      p.size += chunk.length;
      if (p.need === undefined) {
        const joined = join(p.chunks, p.size);
        p.chunks = [joined];
        p.need = announcedSize(joined);
        // A length field longer than 4 bytes: not a packet header at all.
        if (p.need === undefined && p.size >= 5) {
          pending.delete(dir);
          return decodeWhole(joined, input, dir);
        }
      }
      if (p.size > MAX_PENDING || (p.need !== undefined && p.need > MAX_PENDING)) {
        pending.delete(dir);
        return tooBig(p.size, p.need);
      }
      if (p.need === undefined || p.size < p.need) return partial(p.size, p.need);
      pending.delete(dir);
      return decodeWhole(join(p.chunks, p.size), input, dir);
    },
  };
}

function partial(size: number, need: number | undefined): DecodeResult {
  return ok({
    protocol: 'mqtt',
    kind: 'fragment',
    summary: `MQTT partial packet (${size}${need === undefined ? '' : ` of ${need}`} bytes buffered)`,
    fields: [],
  });
}
