/**
 * gzip (RFC 1952), zlib (RFC 1950) and raw deflate (RFC 1951) payloads that
 * an application compressed itself (not permessage-deflate, which the browser
 * already undid). Inflated with fflate, then handed back to the registry.
 */
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';
import type { DecodeInput, DecodeResult, Decoder } from './types';
import { bytesOf, decodeUtf8, fail, ok } from './util';

/** Inflated payloads above this are not shown (checked after inflating: fflate has no streaming cap in its sync API). */
const MAX_INFLATED = 16 * 1024 * 1024;

export type Format = 'gzip' | 'zlib' | 'deflate';

export function sniffCompression(b: Uint8Array): Format | undefined {
  if (b[0] === 0x1f && b[1] === 0x8b && b[2] === 8) return 'gzip';
  const cmf = b[0] ?? 0;
  const flg = b[1] ?? 0;
  // RFC 1950 2.2: CM = 8 (deflate), CINFO <= 7, and CMF*256+FLG is a multiple of 31.
  if ((cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0 && (flg & 0x20) === 0) return 'zlib';
  return undefined;
}

function inflate(b: Uint8Array, format: Format): Uint8Array {
  if (format === 'gzip') return gunzipSync(b);
  if (format === 'zlib') return unzlibSync(b);
  return inflateSync(b);
}

/** `inner` decodes the inflated payload (the registry's auto-detection). */
export function createCompressedDecoder(inner: (input: DecodeInput) => DecodeResult): Decoder {
  return {
    id: 'compressed',
    name: 'gzip / zlib / deflate',
    decode(input: DecodeInput): DecodeResult {
      const bytes = bytesOf(input);
      if (bytes === undefined) return fail('compressed payloads are binary');
      // Raw deflate has no header to sniff: only tried when chosen by hand (override).
      const format = sniffCompression(bytes) ?? (input.hints?.rawDeflate ? 'deflate' : undefined);
      if (format === undefined) return fail('no gzip or zlib header');
      let out: Uint8Array;
      try {
        out = inflate(bytes, format);
      } catch (e) {
        return fail(`${format} does not inflate: ${e instanceof Error ? e.message : 'error'}`);
      }
      if (out.length > MAX_INFLATED) return fail('inflated payload too large');
      const text = decodeUtf8(out);
      const innerInput: DecodeInput = text !== undefined ? { ...input, opcode: 1, text, bytes: undefined } : { ...input, bytes: out };
      const decoded = inner(innerInput);
      const summaryPrefix = `${format} ${bytes.length}→${out.length} B`;
      if (decoded.ok) {
        const d = decoded.decoded;
        return ok({ ...d, summary: `${summaryPrefix}: ${d.summary}`, fields: [{ name: 'compression', value: summaryPrefix }, ...d.fields] });
      }
      return ok({
        protocol: 'compressed', kind: format, summary: `${summaryPrefix}${text !== undefined ? ` ${text.slice(0, 60)}` : ''}`,
        value: text, fields: [{ name: 'compression', value: summaryPrefix }, { name: 'inflated', value: text ?? `${out.length} binary bytes` }],
      });
    },
  };
}
