/**
 * "Never nothing": a socket only the network saw (webRequest) and no page
 * hook did — opened in a worker, a service or shared worker, or a frame
 * without the hook — still becomes a connection, with its handshake and the
 * reason its messages are not visible (records.ts UnseenReason).
 */
import type { ConnectionRecord, ConnectionState, HandshakeInfo, Realm, UnseenReason } from '../model/records';
import { normalizeSocketUrl } from './handshakes';

/** The id of the connection that shows handshake `requestId` on its own. */
export const unseenId = (requestId: string): string => `net:${requestId}`;

/** What the handshake says of the socket's state: all there is to go on without the hook. */
export function stateOfHandshake(info: HandshakeInfo): ConnectionState {
  if (info.error !== undefined) return 'error';
  if (info.status === undefined) return 'connecting';
  return info.status === 101 ? 'open' : 'error';
}

function realmOf(reason: UnseenReason, frameId: number): Realm {
  if (reason === 'tabless') return 'service or shared worker';
  if (reason === 'worker') return 'worker';
  return frameId === 0 ? 'page' : 'frame';
}

/** The subprotocols the request offered, where the browser shows the header (Firefox). */
function offeredProtocols(info: HandshakeInfo): string[] {
  const header = info.requestHeaders?.find((h) => h.name.toLowerCase() === 'sec-websocket-protocol');
  return header
    ? header.value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}

export function unseenConnection(info: HandshakeInfo, frameId: number, reason: UnseenReason): ConnectionRecord {
  return {
    id: unseenId(info.requestId),
    url: normalizeSocketUrl(info.url),
    protocols: offeredProtocols(info),
    frameUrl: '',
    frameId,
    created: info.t,
    state: stateOfHandshake(info),
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
    handshake: info,
    realm: realmOf(reason, frameId),
    unseen: reason,
  };
}
