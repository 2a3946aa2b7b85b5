/**
 * Joins what webRequest says about opening handshakes to the connections the
 * hook saw. The two arrive independently (network service vs page), in
 * either order; they are matched by URL, preferring the same frame, oldest
 * unmatched first.
 */
import type { ConnectionRecord, HandshakeInfo } from '../model/records';

/** One webRequest event: what it says of the handshake, and the frame it came from. */
export interface HandshakeUpdate extends HandshakeInfo {
  frameId: number;
}

interface Pending {
  info: HandshakeInfo;
  frameId: number;
}

const MAX_PENDING = 200;
const MAX_TRACKED = 2000;

/** webRequest may report ws:// as http:// (Firefox); compare on one scheme family, without fragment. */
export function normalizeSocketUrl(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:').replace(/#.*$/, '');
}

export class HandshakeJoiner {
  private readonly byRequest = new Map<string, HandshakeInfo>();
  private pending: Pending[] = [];

  /** Applies an update; returns the connection that changed, if any. */
  update(u: HandshakeUpdate, connections: Iterable<ConnectionRecord>): ConnectionRecord | undefined {
    let info = this.byRequest.get(u.requestId);
    const isNew = !info;
    if (!info) {
      info = { url: u.url, requestId: u.requestId, t: u.t };
      this.byRequest.set(u.requestId, info);
      // Bounded: late updates for very old requests are simply not joined.
      if (this.byRequest.size > MAX_TRACKED) this.byRequest.delete(this.byRequest.keys().next().value as string);
    }
    if (u.requestHeaders) info.requestHeaders = u.requestHeaders;
    if (u.responseHeaders) info.responseHeaders = u.responseHeaders;
    if (u.status !== undefined) info.status = u.status;
    if (u.statusLine !== undefined) info.statusLine = u.statusLine;
    if (u.error !== undefined) info.error = u.error;

    if (!isNew) {
      for (const c of connections) if (c.handshake === info) return c;
      return undefined;
    }
    const url = normalizeSocketUrl(u.url);
    let best: ConnectionRecord | undefined;
    for (const c of connections) {
      if (c.handshake || normalizeSocketUrl(c.url) !== url) continue;
      if (!best || (c.frameId === u.frameId && best.frameId !== u.frameId)) best = c;
      if (best.frameId === u.frameId) break;
    }
    if (best) {
      best.handshake = info;
      return best;
    }
    this.pending.push({ info, frameId: u.frameId });
    if (this.pending.length > MAX_PENDING) this.dropOldest();
    return undefined;
  }

  /** A new connection: give it the oldest unmatched handshake for its URL. */
  claim(conn: ConnectionRecord): void {
    const url = normalizeSocketUrl(conn.url);
    let index = this.pending.findIndex((p) => p.frameId === conn.frameId && normalizeSocketUrl(p.info.url) === url);
    if (index < 0) index = this.pending.findIndex((p) => normalizeSocketUrl(p.info.url) === url);
    if (index < 0) return;
    const [p] = this.pending.splice(index, 1);
    if (p) conn.handshake = p.info;
  }

  clear(): void {
    this.byRequest.clear();
    this.pending = [];
  }

  private dropOldest(): void {
    const dropped = this.pending.shift();
    if (dropped) this.byRequest.delete(dropped.info.requestId);
  }
}
