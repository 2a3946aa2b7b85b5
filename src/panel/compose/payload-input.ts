/**
 * What the user typed in the compose box → a command payload, validated in
 * the panel before anything is sent: JSON must parse, hex/base64 go through
 * src/protocol's parseBytes (line and column in its messages), and nothing
 * over MAX_COMMAND_PAYLOAD leaves the panel.
 */
import { MAX_COMMAND_PAYLOAD } from '../../messaging/protocol';
import type { WirePayload } from '../../messaging/protocol';
import { bytesToBase64 } from '../../model/base64';
import type { MessageRecord } from '../../model/records';
import { parseBytes } from '../../protocol/input';
import { toHex } from '../../protocol/hex';
import { payloadBytes } from '../../messaging/commands';

export type ComposeFormat = 'text' | 'json' | 'hex' | 'base64';
export type PayloadResult = { ok: true; payload: WirePayload } | { ok: false; error: string };

export function buildPayload(format: ComposeFormat, input: string): PayloadResult {
  let payload: WirePayload;
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
    payload = { opcode: 2, base64: bytesToBase64(bytes.value) };
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
  return { ok: true, payload: rec.opcode === 1 ? { opcode: 1, text: rec.data } : { opcode: 2, base64: rec.data } };
}

/** A stored message as editor content: text as is, binary as spaced hex. */
export function editorContent(rec: MessageRecord): { format: ComposeFormat; text: string } {
  if (rec.opcode === 1) {
    const t = rec.data.trim();
    const looksJson = (t.startsWith('{') || t.startsWith('[')) && prettyJson(t) !== t;
    return { format: looksJson ? 'json' : 'text', text: rec.data };
  }
  const bytes = parseBytes(rec.data, 'base64');
  return { format: 'hex', text: bytes.ok ? toHex(bytes.value, ' ') : '' };
}
