/**
 * Joins what webRequest says about opening handshakes to the connections the
 * hook saw. The two arrive independently (network service vs page), in
 * either order; they are matched by URL, preferring the same frame, oldest
 * unmatched first. A handshake no hook connection claims within a grace time
 * is promoted: the store shows it as a connection of its own ("never
 * nothing", tab-store.ts) and a hook connection that turns up later still
 * claims it, replacing it. A tabless handshake (a service or shared worker)
 * is never claimed: no page hook runs there.
 */
import type { ConnectionRecord, HandshakeInfo } from '../model/records';

/** One webRequest event: what it says of the handshake, and the frame it came from. */
export interface HandshakeUpdate extends HandshakeInfo {
  frameId: number;
  /** webRequest gave no tab (a service or shared worker; the shell routes it to the tabs of its origin). */
  tabless?: boolean;
}

/** A handshake no hook connection has claimed yet; `placeholder` once the store shows it on its own. */
export interface Pending {
  info: HandshakeInfo;
  frameId: number;
  placeholder?: string;
}

/** What an update did: changed a connection, brought a tabless handshake to show now, or is waiting. */
export type JoinResult = { conn: ConnectionRecord } | { tabless: HandshakeInfo } | null;

const MAX_PENDING = 200;
const MAX_TRACKED = 2000;

/** webRequest may report ws:// as http:// (Firefox); compare on one scheme family, without fragment. */
export function normalizeSocketUrl(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:').replace(/#.*$/, '');
}

export class HandshakeJoiner {
  private readonly byRequest = new Map<string, HandshakeInfo>();
  private pending: Pending[] = [];

  /** Applies an update. */
  update(u: HandshakeUpdate, connections: Iterable<ConnectionRecord>): JoinResult {
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
      for (const c of connections) if (c.handshake === info) return { conn: c };
      return null;
    }
    if (u.tabless) return { tabless: info };
    const url = normalizeSocketUrl(u.url);
    let best: ConnectionRecord | undefined;
    for (const c of connections) {
      if (c.handshake || normalizeSocketUrl(c.url) !== url) continue;
      if (!best || (c.frameId === u.frameId && best.frameId !== u.frameId)) best = c;
      if (best.frameId === u.frameId) break;
    }
    if (best) {
      best.handshake = info;
      return { conn: best };
    }
    this.pending.push({ info, frameId: u.frameId });
    if (this.pending.length > MAX_PENDING) this.dropOldest();
    return null;
  }

  /** Unclaimed handshakes not shown yet that started at or before `t` (the caller sets `placeholder`). */
  unshownBefore(t: number): Pending[] {
    return this.pending.filter((p) => p.placeholder === undefined && p.info.t <= t);
  }

  /** Whether some unclaimed handshake is not shown yet (the hub then schedules a promotion). */
  get hasUnshown(): boolean {
    return this.pending.some((p) => p.placeholder === undefined);
  }

  /** A new connection: give it the oldest unmatched handshake for its URL; returns the placeholder it replaces, if shown. */
  claim(conn: ConnectionRecord): string | undefined {
    const url = normalizeSocketUrl(conn.url);
    let index = this.pending.findIndex((p) => p.frameId === conn.frameId && normalizeSocketUrl(p.info.url) === url);
    if (index < 0) index = this.pending.findIndex((p) => normalizeSocketUrl(p.info.url) === url);
    if (index < 0) return undefined;
    const [p] = this.pending.splice(index, 1);
    if (p) conn.handshake = p.info;
    return p?.placeholder;
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
