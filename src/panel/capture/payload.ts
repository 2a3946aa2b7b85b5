/** Payload bytes of a message, for the Hex and Base64 views. Never throws. */
import type { MessageRecord } from '../../model/records';
import { decodeBase64 } from './format';
import type { Decoded64 } from './format';

export function payloadBytes(rec: MessageRecord): Decoded64 {
  if (rec.opcode === 1) return { ok: true, bytes: new TextEncoder().encode(rec.data) };
  return decodeBase64(rec.data);
}

/** Bytes actually stored (may be less than rec.size when truncated). */
export function storedSize(rec: MessageRecord): number {
  if (rec.opcode === 1) return new TextEncoder().encode(rec.data).length;
  const pad = rec.data.endsWith('==') ? 2 : rec.data.endsWith('=') ? 1 : 0;
  return Math.max(Math.floor((rec.data.length * 3) / 4) - pad, 0);
}

/** UTF-8 text of a binary payload (lossy), for the Text tab. */
export function binaryAsText(rec: MessageRecord): Decoded64 & { text?: string } {
  const dec = decodeBase64(rec.data);
  if (!dec.ok) return dec;
  return { ...dec, text: new TextDecoder('utf-8', { fatal: false }).decode(dec.bytes) };
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
