/**
 * What the user typed in the compose box → a command payload, validated in
 * the panel before anything is sent: JSON must parse, hex/base64 go through
 * src/protocol's parseBytes (line and column in its messages), and nothing
 * over MAX_COMMAND_PAYLOAD leaves the panel. Binary leaves as bytes; base64
 * exists only where payloads are stored (capture records, compose memory).
 */
import { MAX_COMMAND_PAYLOAD } from '../../messaging/protocol';
import type { Payload } from '../../messaging/protocol';
import type { MessageRecord } from '../../model/records';
import { parseBytes } from '../../protocol/input';
import { base64ToBytes } from '../../model/base64';
import { toHex } from '../../protocol/hex';
import { payloadBytes } from '../../messaging/command-validation';

export type ComposeFormat = 'text' | 'json' | 'hex' | 'base64';
export type PayloadResult = { ok: true; payload: Payload } | { ok: false; error: string };

/** Bytes as a binary payload (the exact buffer when the view spans all of it, else a copy). */
export function binaryPayload(bytes: Uint8Array): Payload {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return { opcode: 2, bytes: whole ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer) };
}

/** A payload as editor content: text as is, binary as spaced hex. */
export function payloadDraft(p: Payload): { format: 'text' | 'hex'; text: string } {
  return p.opcode === 1 ? { format: 'text', text: p.text } : { format: 'hex', text: toHex(new Uint8Array(p.bytes), ' ') };
}

export function buildPayload(format: ComposeFormat, input: string): PayloadResult {
  let payload: Payload;
  if (format === 'text') payload = { opcode: 1, text: input };
  else if (format === 'json') {
    try {
      JSON.parse(input);
    } catch (e) {
      return { ok: false, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    payload = { opcode: 1, text: input };
  } else {
    const bytes = parseBytes(input, format);
    if (!bytes.ok) return { ok: false, error: `invalid ${format}: ${bytes.error.message}` };
    payload = binaryPayload(bytes.value);
  }
  const size = payloadBytes(payload);
  if (size > MAX_COMMAND_PAYLOAD) return { ok: false, error: `payload too big: ${size} bytes, the limit is 16 MiB` };
  return { ok: true, payload };
}

/** Pretty-prints JSON (2 spaces); returns the input unchanged when it does not parse. */
export function prettyJson(input: string): string {
  try {
    return JSON.stringify(JSON.parse(input), null, 2);
  } catch {
    return input;
  }
}

/** A stored message as a payload (resend as is). Truncated messages cannot be resent faithfully. */
export function payloadOf(rec: MessageRecord): PayloadResult {
  if (rec.truncated) return { ok: false, error: 'this message was stored truncated: edit it, or it would be resent cut' };
  if (rec.captureError) return { ok: false, error: `its payload was not captured: ${rec.captureError}` };
  return recordPayload(rec);
}

/** A stored message's payload as stored (replay sends what was captured, truncated or not). */
export function recordPayload(rec: MessageRecord): PayloadResult {
  if (rec.opcode === 1) return { ok: true, payload: { opcode: 1, text: rec.data } };
  const bytes = storedBytes(rec);
  return typeof bytes === 'string' ? { ok: false, error: `stored payload: ${bytes}` } : { ok: true, payload: binaryPayload(bytes) };
}

/**
 * A stored binary payload's bytes, by the store's own decoder (src/model/base64.ts), not the
 * pasted-input parser, which refuses '' (an empty message) and walks a MiB payload char by char;
 * or why it could not be decoded (never written by the store).
 */
function storedBytes(rec: MessageRecord): Uint8Array | string {
  try {
    return base64ToBytes(rec.data);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A stored message as editor content: text as is, binary as spaced hex. */
export function editorContent(rec: MessageRecord): { format: ComposeFormat; text: string } {
  if (rec.opcode === 1) {
    const t = rec.data.trim();
    const looksJson = (t.startsWith('{') || t.startsWith('[')) && prettyJson(t) !== t;
    return { format: looksJson ? 'json' : 'text', text: rec.data };
  }
  const bytes = storedBytes(rec);
  return { format: 'hex', text: typeof bytes === 'string' ? '' : toHex(bytes, ' ') };
}
