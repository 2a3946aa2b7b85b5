/**
 * Socket.IO sends binary arguments as separate binary messages right after a
 * BINARY_EVENT / BINARY_ACK text packet (`451-["upload",{"_placeholder":true,"num":0}]`).
 * This tracker, one per connection and direction, labels those messages and
 * rebuilds the event's value with the bytes in place of the placeholders.
 */
import { replacePlaceholders } from './socketio-packet';
import type { Decoded } from './types';
import { toHex } from './util';

interface Pending { packet: Decoded; expected: number; received: Uint8Array[] }

export class SocketIoAttachments {
  private pending: Pending | undefined;

  /** Feed every decoded Socket.IO text packet, in order. */
  note(decoded: Decoded): void {
    if (decoded.protocol !== 'socketio') return;
    const count = Number(decoded.fields.find((f) => f.name === 'attachments')?.value ?? 0);
    // A new text packet while attachments are missing means they were lost; start over.
    this.pending = count > 0 ? { packet: decoded, expected: count, received: [] } : undefined;
  }

  /** The Decoded for a binary message, or undefined when no attachment is awaited. */
  attach(bytes: Uint8Array): Decoded | undefined {
    const p = this.pending;
    if (!p) return undefined;
    p.received.push(bytes);
    const index = p.received.length;
    const of = `${p.packet.kind === 'BINARY_ACK' ? 'ack' : 'event'} ${p.packet.event ?? ''}`.trim();
    const base: Decoded = {
      protocol: 'socketio', kind: 'ATTACHMENT', event: p.packet.event,
      summary: `attachment ${index}/${p.expected} of ${of} (${bytes.length} bytes)`,
      fields: [{ name: 'attachment', value: `${index} of ${p.expected}` }, { name: 'bytes', value: toHex(bytes) }],
    };
    if (index < p.expected) return base;
    this.pending = undefined;
    const value = replacePlaceholders(p.packet.value, (num) => {
      const b = p.received[num];
      return b === undefined ? null : { $bytes: toHex(b, 4096) };
    });
    return { ...base, value, summary: `${base.summary}, complete` };
  }
}
