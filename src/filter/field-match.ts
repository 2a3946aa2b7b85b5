/**
 * Matchers for `name:value` terms, with their cost tiers:
 *   1 structural (fields of the record itself), 2 connection lookup (memoized
 *   per connection), 3 text scan, 5 decoded or parsed payload, 6 pairing.
 */
import type { FieldTerm, IsFlag } from './ast';
import type { Decoded } from '../decoders/types';
import type { Access, Compiled } from './access';
import type { MessageOrigin, MessageRecord } from '../model/records';
import { jsonMatcher } from './json-path';
import { resolveTimeRange } from './time';

const SENT_BY_SOCKSCOPE: ReadonlySet<MessageOrigin> = new Set(['resent', 'composed', 'injected']);
const INTERCEPTED: ReadonlySet<MessageOrigin> = new Set(['edited', 'dropped']);
/** WebSocket.OPEN: `sentInState` is recorded only when send() was called in another state. */
const OPEN = 1;

function isMatcher(flag: IsFlag, acc: Access): Compiled {
  const structural = (test: (r: MessageRecord) => boolean): Compiled => ({ test, cost: 1 });
  const decoded = (test: (r: MessageRecord) => boolean): Compiled => ({ test, cost: 5 });
  switch (flag) {
    case 'truncated':
      return structural((r) => r.truncated === true);
    case 'injected':
      return structural((r) => r.origin !== undefined && SENT_BY_SOCKSCOPE.has(r.origin));
    case 'intercepted':
      return structural((r) => r.origin !== undefined && INTERCEPTED.has(r.origin));
    case 'discarded':
      return structural((r) => r.sentInState !== undefined && r.sentInState !== OPEN);
    case 'heartbeat':
      return decoded((r) => acc.decoded(r)?.control === 'heartbeat');
    case 'handshake':
      return decoded((r) => acc.decoded(r)?.control === 'handshake');
    // Control frames (RFC 6455 5.5) or protocol housekeeping as a decoder classifies it.
    case 'control':
      return decoded((r) => r.opcode >= 8 || acc.decoded(r)?.control !== undefined);
    case 'request':
      return decoded((r) => acc.decoded(r)?.pair?.role === 'request');
    case 'response':
      return decoded((r) => acc.decoded(r)?.pair?.role === 'response');
    case 'decoded':
      return decoded((r) => acc.decoded(r) !== undefined);
    case 'unanswered': {
      const pred = acc.ctx.isUnanswered;
      return { test: pred ? (r) => pred(r) : () => false, cost: 6 };
    }
  }
}

function connMatcher(term: Extract<FieldTerm, { field: 'conn' }>, acc: Access): Compiled {
  const test = acc.stringTest(term.match);
  const idEquals = term.match.mode === 'contains' ? term.match.text.toLowerCase() : undefined;
  // A connection's id and URL never change: decide once per connection, not per record.
  const memo = new Map<string, boolean>();
  return {
    cost: 2,
    test: (r) => {
      let hit = memo.get(r.conn);
      if (hit === undefined) {
        const url = acc.ctx.connection?.(r.conn)?.url;
        hit = r.conn.toLowerCase() === idEquals || test(r.conn) || (url !== undefined && test(url));
        // Unknown yet (the record can arrive before its connection): ask again next time.
        if (url !== undefined || !acc.ctx.connection) memo.set(r.conn, hit);
      }
      return hit;
    },
  };
}

export function fieldMatcher(term: FieldTerm, acc: Access): Compiled {
  switch (term.field) {
    case 'dir': {
      const [only] = term.dirs;
      if (only === undefined || term.dirs.some((d) => d !== only)) return { test: () => true, cost: 1 };
      return { test: (r) => r.dir === only, cost: 1 };
    }
    case 'type': {
      const [only] = term.opcodes;
      if (term.opcodes.length === 1) return { test: (r) => r.opcode === only, cost: 1 };
      const set = new Set(term.opcodes);
      return { test: (r) => set.has(r.opcode), cost: 1 };
    }
    case 'size': {
      const { min, max } = term;
      return { test: (r) => r.size >= min && r.size <= max, cost: 1 };
    }
    case 'time': {
      const { lo, hi } = resolveTimeRange(term.range, acc.now);
      return { test: (r) => r.t >= lo && r.t < hi, cost: 1 };
    }
    case 'origin': {
      const set = new Set(term.origins);
      return { test: (r) => set.has(r.origin ?? 'page'), cost: 1 };
    }
    case 'is':
      return isMatcher(term.flag, acc);
    case 'conn':
      return connMatcher(term, acc);
    case 'proto': {
      const m = term.match;
      // Protocol ids are short registry names: `proto:json` must not match `jsonrpc`.
      const test = m.mode === 'contains' ? (id: string) => id.toLowerCase() === m.text.toLowerCase() : acc.stringTest(m);
      return {
        test: (r) => {
          const d = acc.decoded(r);
          return d !== undefined && test(d.protocol);
        },
        cost: 5,
      };
    }
    case 'event': {
      const test = acc.stringTest(term.match);
      return { test: (r) => anyUnit(acc.decoded(r), (d) => d.event !== undefined && test(d.event)), cost: 5 };
    }
    case 'json': {
      const match = jsonMatcher(term);
      return {
        test: (r) => {
          const d = acc.decoded(r);
          if (d?.parts && anyUnit(d, (u) => u.value !== undefined && match(u.value))) return true;
          const v = jsonValue(r, d);
          return v !== undefined && match(v);
        },
        cost: 5,
      };
    }
  }
}

/** A message carrying several protocol units (an MQTT batch, a JSON-RPC batch) matches if any unit does. */
function anyUnit(d: Decoded | undefined, test: (unit: Decoded) => boolean): boolean {
  return d !== undefined && (test(d) || (d.parts?.some(test) ?? false));
}

/** The decoded value, else the text parsed as JSON (only when it looks like an object or array). */
function jsonValue(r: MessageRecord, d: Decoded | undefined): unknown {
  const v = d?.value;
  if (v !== undefined || r.opcode !== 1 || r.truncated) return v;
  const first = r.data.trimStart().charAt(0);
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(r.data) as unknown;
  } catch {
    return undefined; // not JSON after all: the term simply does not match
  }
}
