/**
 * gzip (RFC 1952), zlib (RFC 1950) and raw deflate (RFC 1951) payloads that
 * an application compressed itself (not permessage-deflate, which the browser
 * already undid). Inflated with fflate, then handed back to the registry.
 *
 * The output cap is enforced while inflating: deflate expands up to ~1032:1,
 * so a 1.8 KB message can hold a gigabyte. fflate's streaming classes inflate
 * whatever input one push() holds in one go, so the input is pushed in small
 * slices and inflation stops as soon as the output passes MAX_INFLATED. What
 * was inflated is not inflated again (hints.inflated): gzip in gzip is a bomb.
 */
import { Gunzip, Inflate, Unzlib } from 'fflate';
import type { DecodeInput, DecodeResult, Decoder } from './types';
import { bytesOf, decodeUtf8, fail, ok, safeText } from './util';

export const MAX_INFLATED = 8 * 1024 * 1024;
/** Input bytes per push: at most ~1032 × this many output bytes past the cap before the check. */
const SLICE = 512;

export type Format = 'gzip' | 'zlib' | 'deflate';

export function sniffCompression(b: Uint8Array): Format | undefined {
  if (b[0] === 0x1f && b[1] === 0x8b && b[2] === 8) return 'gzip';
  const cmf = b[0] ?? 0;
  const flg = b[1] ?? 0;
  // RFC 1950 2.2: CM = 8 (deflate), CINFO <= 7, and CMF*256+FLG is a multiple of 31.
  if ((cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0 && (flg & 0x20) === 0) return 'zlib';
  return undefined;
}

class TooLarge extends Error {}

const isize = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset + b.length - 4, 4).getUint32(0, true);

/** The inflated bytes, or an error value: "over N bytes" as soon as the output passes `cap`. */
export function inflateCapped(
  b: Uint8Array,
  format: Format,
  cap = MAX_INFLATED,
): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const ondata = (chunk: Uint8Array): void => {
    size += chunk.length;
    if (size > cap) throw new TooLarge();
    chunks.push(chunk);
  };
  let members = 0; // members after the first (RFC 1952 2.2 allows several)
  const gunzip = format === 'gzip' ? new Gunzip(ondata) : undefined;
  if (gunzip) gunzip.onmember = () => void members++;
  const stream = gunzip ?? (format === 'zlib' ? new Unzlib(ondata) : new Inflate(ondata));
  try {
    for (let at = 0; at < b.length; at += SLICE) stream.push(b.subarray(at, at + SLICE), at + SLICE >= b.length);
    if (b.length === 0) stream.push(b, true);
  } catch (e) {
    if (e instanceof TooLarge) return { ok: false, reason: `${format} inflates to over ${cap} bytes (stopped there)` };
    return { ok: false, reason: `${format} does not inflate: ${e instanceof Error ? safeText(e.message, 100) : 'error'}` };
  }
  // RFC 1952 2.3.1: a gzip member ends with ISIZE, the output length mod 2^32; a
  // stream cut short (a message stored truncated) is refused, as gunzipSync does.
  if (format === 'gzip' && members === 0 && (b.length < 18 || isize(b) !== size % 2 ** 32)) {
    return { ok: false, reason: 'gzip does not inflate: the gzip trailer is missing or does not match (truncated?)' };
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes: out };
}

/** `inner` decodes the inflated payload (the registry's auto-detection). */
export function createCompressedDecoder(inner: (input: DecodeInput) => DecodeResult): Decoder {
  return {
    id: 'compressed',
    name: 'gzip / zlib / deflate',
    binary: true,
    sniff: { opcode: 2, rank: 0 },
    decode(input: DecodeInput): DecodeResult {
      const bytes = bytesOf(input);
      if (bytes === undefined) return fail('compressed payloads are binary');
      if (input.hints?.inflated) return fail('already inflated once: a compressed payload inside one is not inflated again');
      // Raw deflate has no header to sniff: only tried when chosen by hand (override).
      const format = sniffCompression(bytes) ?? (input.hints?.rawDeflate ? 'deflate' : undefined);
      if (format === undefined) return fail('no gzip or zlib header');
      const inflated = inflateCapped(bytes, format);
      if (!inflated.ok) return fail(inflated.reason);
      const out = inflated.bytes;
      const text = decodeUtf8(out);
      const hints = { ...input.hints, rawDeflate: false, inflated: true };
      const innerInput: DecodeInput =
        text !== undefined ? { ...input, opcode: 1, text, bytes: undefined, hints } : { ...input, bytes: out, hints };
      const decoded = inner(innerInput);
      const summaryPrefix = `${format} ${bytes.length}→${out.length} B`;
      if (decoded.ok) {
        const d = decoded.decoded;
        return ok({
          ...d,
          summary: `${summaryPrefix}: ${d.summary}`,
          fields: [{ name: 'compression', value: summaryPrefix }, ...d.fields],
        });
      }
      return ok({
        protocol: 'compressed',
        kind: format,
        summary: `${summaryPrefix}${text !== undefined ? ` ${text.slice(0, 60)}` : ''}`,
        value: text,
        fields: [
          { name: 'compression', value: summaryPrefix },
          { name: 'inflated', value: text !== undefined ? safeText(text, 200) : `${out.length} binary bytes` },
        ],
      });
    },
  };
}
