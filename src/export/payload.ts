/**
 * The bytes a stored message stands for: UTF-8 of the text for opcode 1,
 * the decoded base64 for opcode 2 (src/model/records.ts). Shared by every
 * exporter that writes bytes (pcapng) or base64 (HAR, NDJSON).
 */
import { base64ToBytes, bytesToBase64, utf8Length } from '../model/base64';
import type { MessageRecord } from '../model/records';

const encoder = new TextEncoder();
const NON_ASCII = /[\u0080-\uffff]/;

/** Payload bytes, or null when the stored base64 is corrupt (never throws). */
export function payloadBytes(m: MessageRecord): Uint8Array | null {
  if (m.opcode === 1) return encoder.encode(m.data);
  try {
    return base64ToBytes(m.data);
  } catch {
    return null;
  }
}

/** The payload as base64 (binary already is; text is encoded as UTF-8 first). */
export function payloadBase64(m: MessageRecord): string {
  return m.opcode === 2 ? m.data : bytesToBase64(encoder.encode(m.data));
}

/** The size the stored data alone implies (UTF-8 bytes of the text, decoded length of the base64). */
export function storedSize(m: Pick<MessageRecord, 'opcode' | 'data'>): number {
  if (m.opcode === 1) return NON_ASCII.test(m.data) ? utf8Length(m.data) : m.data.length; // ASCII: one byte per char
  const s = /\s/.test(m.data) ? m.data.replace(/\s+/g, '') : m.data; // stored base64 has none: skip the copy
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}
