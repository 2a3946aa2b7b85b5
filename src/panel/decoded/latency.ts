/** How a request/reply exchange reads in the Latency column and the Decoded tab. */
import type { Exchange } from '../../pairing/pairing';
import { recordKeys } from '../capture/sorted-view';
import type { SortKeys } from '../capture/sorted-view';
import type { DecodeCache } from './decode-cache';

export function formatLatency(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export interface LatencyLabel {
  text: string;
  title: string;
  tone: 'ok' | 'pending' | 'muted';
}

/** `messageId` is the row: the request shows its latency, each reply shows it with ↩. */
export function latencyLabel(ex: Exchange, messageId: number): LatencyLabel {
  const isRequest = ex.request.id === messageId;
  if (ex.latency !== undefined) {
    const text = formatLatency(ex.latency);
    return isRequest
      ? { text, title: `answered after ${text} (reply #${ex.responses[0]?.id ?? '?'}, key ${ex.key})`, tone: 'ok' }
      : { text: `↩ ${text}`, title: `reply to request #${ex.request.id}, ${text} later (key ${ex.key})`, tone: 'muted' };
  }
  if (ex.superseded) return { text: 'superseded', title: `a newer request reused key ${ex.key} before any reply`, tone: 'muted' };
  return { text: 'no reply', title: `no reply yet (key ${ex.key})`, tone: 'pending' };
}

/** The other side of the exchange: the first reply of a request, the request of a reply. */
export function pairedMessageId(ex: Exchange, messageId: number): number | undefined {
  return ex.request.id === messageId ? ex.responses[0]?.id : ex.request.id;
}

/**
 * The table's sort keys (capture/sorted-view.ts): time and size from the
 * record; latency from the request/reply exchange (the request and its
 * replies share it, so they sort side by side). A request still waiting for
 * its reply has no key yet but may get one.
 */
export function messageSortKeys(decode: Pick<DecodeCache, 'exchangeOf'>): SortKeys {
  const waiting = (ex: Exchange | undefined, id: number) =>
    ex !== undefined && ex.request.id === id && ex.latency === undefined && !ex.superseded;
  return {
    key: (col, rec) => (col === 'latency' ? (decode.exchangeOf(rec)?.latency ?? NaN) : recordKeys.key(col, rec)),
    mayChange: (col, rec) => col === 'latency' && waiting(decode.exchangeOf(rec), rec.id),
    expensive: (col) => col === 'latency',
  };
}
