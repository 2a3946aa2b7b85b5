/**
 * One captured message event → the stored record: text measured in UTF-8 and
 * cut to the per-message cap by bytes, binary stored as base64 (cut likewise),
 * and only the fields a hook may report (page data is untrusted).
 */
import type { MessageOrigin, MessageRecord } from '../model/records';
import { isBlob, type StoreEvent } from './materialize';
import { bytesToBase64, truncateUtf8, utf8Length } from '../model/base64';
import { toRecordedStack } from '../model/stack-trace';
import { attachPayloadBlob } from './payload-blob';

/** Origins a hook may report (anything else is ignored). */
const ORIGINS: ReadonlySet<string> = new Set<MessageOrigin>(['resent', 'composed', 'injected', 'edited', 'dropped']);

export function toMessageRecord(ev: Extract<StoreEvent, { k: 'message' }>, id: number, max: number): MessageRecord {
  const isText = ev.opcode === 1;
  let truncated = Boolean(ev.truncated);
  let data: string;
  let size: number;
  let keptBytes = -1; // binary: how many bytes `data` holds
  if (isText) {
    data = String(ev.text ?? '');
    size = typeof ev.size === 'number' ? ev.size : utf8Length(data);
    if (data.length > max / 3 && utf8Length(data) > max) {
      data = truncateUtf8(data, max);
      truncated = true;
    }
  } else {
    // Not instanceof: the buffer may come from another realm. Anything else is a capture error, not a crash.
    const isBuffer = Object.prototype.toString.call(ev.bytes) === '[object ArrayBuffer]';
    const bytes = isBuffer ? new Uint8Array(ev.bytes as ArrayBuffer) : new Uint8Array(0);
    size = typeof ev.size === 'number' ? ev.size : bytes.length;
    if (bytes.length > max) truncated = true;
    keptBytes = isBuffer ? Math.min(bytes.length, max) : -1;
    data = bytesToBase64(bytes.length > max ? bytes.subarray(0, max) : bytes);
    if (!isBuffer && !ev.captureError) ev = { ...ev, captureError: 'binary payload missing' };
  }
  const r: MessageRecord = {
    id,
    conn: ev.conn,
    t: ev.t,
    dir: ev.dir === 'out' ? 'out' : 'in',
    opcode: isText ? 1 : 2,
    size,
    data,
  };
  // The Blob the bytes were read from, when it holds exactly the stored bytes: persisted in their place.
  if (isBlob(ev.blob) && ev.blob.size === keptBytes) attachPayloadBlob(r, ev.blob);
  if (truncated) r.truncated = true;
  if (ev.carrier) r.carrier = ev.carrier;
  if (ev.buffered !== undefined) r.buffered = ev.buffered;
  if (ev.sentInState !== undefined) r.sentInState = ev.sentInState;
  if (ev.origin !== undefined && ev.origin !== 'page' && ORIGINS.has(ev.origin)) r.origin = ev.origin;
  if (ev.captureError) r.captureError = String(ev.captureError);
  if (ev.stack !== undefined && r.dir === 'out') r.stack = toRecordedStack(ev.stack);
  return r;
}
