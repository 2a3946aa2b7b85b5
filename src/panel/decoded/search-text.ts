/**
 * What free words and regexes search: the text of a text message; for a
 * binary one, its decoded summary when the connection speaks a binary
 * protocol (decoded lazily), else its hex preview as the table shows it.
 * Binary messages on other connections are never decoded for a text search:
 * trying every binary decoder on a million random payloads would make each
 * keystroke slow.
 */
import type { MessageRecord } from '../../model/records';
import { binaryPreviewHex } from '../format';
import type { DecodeCache } from './decode-cache';

const BINARY_PROTOCOLS = new Set(['mqtt', 'socketio', 'msgpack', 'cbor', 'protobuf', 'compressed', 'signalr-msgpack']);

export function searchTextOf(m: MessageRecord, decode?: DecodeCache): string {
  if (m.opcode === 1) return m.data;
  const proto = decode?.protocolOf(m.conn);
  if (decode && proto && BINARY_PROTOCOLS.has(proto.id)) {
    const summary = decode.decoded(m)?.summary;
    if (summary !== undefined) return summary;
  }
  return binaryPreviewHex(m.data);
}
