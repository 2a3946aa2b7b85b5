/**
 * Socket.IO sends binary arguments as separate binary messages right after a
 * BINARY_EVENT / BINARY_ACK text packet (`451-["upload",{"_placeholder":true,"num":0}]`).
 * This tracker, one per connection and direction, labels those messages and
 * rebuilds the event's value with the bytes in place of the placeholders.
 *
 * Bounded: the count comes from the page (`5999999999-[…]`), so a packet
 * announcing more than MAX_ATTACHMENTS is not awaited, and only a bounded hex
 * preview of each attachment is kept, never the bytes.
 */
import { replacePlaceholders } from './socketio-packet';
import type { Decoded, DecodeInput, DecodeResult, DecodeStream } from './types';
import { ok, toHex } from './util';

/** Real Socket.IO events carry a handful of binary arguments. */
export const MAX_ATTACHMENTS = 256;
const PREVIEW_BYTES = 4096;

interface Pending {
  packet: Decoded;
  expected: number;
  received: string[];
}

export class SocketIoAttachments {
  private pending: Pending | undefined;

  /** Feed every decoded Socket.IO text packet, in order. */
  note(decoded: Decoded): void {
    if (decoded.protocol !== 'socketio') return;
    const count = Number(decoded.fields.find((f) => f.name === 'attachments')?.value ?? 0);
    // A new text packet while attachments are missing means they were lost; start over.
    this.pending = count > 0 && count <= MAX_ATTACHMENTS ? { packet: decoded, expected: count, received: [] } : undefined;
  }

  /** The Decoded for a binary message, or undefined when no attachment is awaited. */
  attach(bytes: Uint8Array): Decoded | undefined {
    const p = this.pending;
    if (!p) return undefined;
    p.received.push(toHex(bytes, PREVIEW_BYTES));
    const index = p.received.length;
    const of = `${p.packet.kind === 'BINARY_ACK' ? 'ack' : 'event'} ${p.packet.event ?? ''}`.trim();
    const base: Decoded = {
      protocol: 'socketio',
      kind: 'ATTACHMENT',
      event: p.packet.event,
      summary: `attachment ${index}/${p.expected} of ${of} (${bytes.length} bytes)`,
      fields: [
        { name: 'attachment', value: `${index} of ${p.expected}` },
        { name: 'bytes', value: toHex(bytes) },
      ],
    };
    if (index < p.expected) return base;
    this.pending = undefined;
    const value = replacePlaceholders(p.packet.value, (num) => {
      const hex = p.received[num];
      return hex === undefined ? null : { $bytes: hex };
    });
    return { ...base, value, summary: `${base.summary}, complete` };
  }
}

/** The Socket.IO stream of one connection: text packets decode alone and announce attachments; binary messages join them. */
export function createSocketIoStream(single: (input: DecodeInput) => DecodeResult): DecodeStream {
  const trackers = new Map<string, SocketIoAttachments>();
  return {
    decode(input, dir) {
      let tracker = trackers.get(dir);
      if (!tracker) trackers.set(dir, (tracker = new SocketIoAttachments()));
      if (input.opcode === 2) {
        const attached = tracker.attach(input.bytes ?? new Uint8Array(0));
        return attached ? ok(attached) : single(input);
      }
      const result = single(input);
      if (result.ok) tracker.note(result.decoded);
      return result;
    },
  };
}
