/**
 * "Hide heartbeats": the user's filter AND NOT a decoded heartbeat (Socket.IO
 * `2`/`3`, STOMP EOLs, MQTT PINGREQ/PINGRESP, Phoenix heartbeats…). A
 * wrapper rather than text appended to the query, so error positions and the
 * text in the box stay the user's.
 */
import type { MessageRecord } from '../../model/records';
import type { FilterResult } from '../filter/filter-seam';
import type { DecodeCache } from './decode-cache';

const SUFFIX = '|-heartbeat';

export function hidingHeartbeats(inner: FilterResult, decode: DecodeCache): FilterResult {
  const isHeartbeat = (m: MessageRecord): boolean => decode.decoded(m)?.control === 'heartbeat';
  const f = inner.filter;
  const innerKey = f?.key ?? '';
  // The same filter plus hiding, or a narrower one plus hiding, keeps only previous matches.
  const narrowsInner = (prev: string): boolean => (f ? prev === f.key || f.narrows?.(prev) === true : false);
  return {
    ...inner,
    filter: {
      key: innerKey + SUFFIX,
      test: f ? (m) => f.test(m) && !isHeartbeat(m) : (m) => !isHeartbeat(m),
      narrows: (prev) =>
        prev.endsWith(SUFFIX) ? prev === innerKey + SUFFIX || narrowsInner(prev.slice(0, -SUFFIX.length)) : narrowsInner(prev),
    },
  };
}
