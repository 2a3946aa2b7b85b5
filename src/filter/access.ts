/**
 * What a compiled filter may ask its caller (FilterContext), and the
 * per-predicate accessors every term matcher shares (Access). Apart from
 * compile.ts so the term matchers (field-match.ts, structural.ts) depend on
 * these types without depending on the compiler that uses them.
 */
import type { StringMatch } from './ast';
import type { Decoded } from '../decoders/types';
import type { ConnectionRecord, MessageRecord } from '../model/records';
import { regexMatcher, substringMatcher } from './text';

/** What the matcher may ask the panel. Every member is optional: structural queries need none. */
export interface FilterContext {
  connection?(id: string): ConnectionRecord | undefined;
  /** Lazy and, ideally, cached by the caller: called only for records a decoded term reaches. */
  decoded?(record: MessageRecord): Decoded | undefined;
  /** Pairing: true for a request that has no response yet. Absent: nothing is unanswered. */
  isUnanswered?(record: MessageRecord): boolean;
  /**
   * The text free words and regexes search in a binary message. Text messages
   * always search their payload. Default: the decoded summary (base64 is
   * meaningless to search), or nothing when no decoder claims the message.
   */
  searchText?(record: MessageRecord): string | undefined;
  /** Reference for `time:` values (ms since the epoch). Default: Date.now() at compile time. */
  now?: number;
}

export type RecordPredicate = (record: MessageRecord) => boolean;

/** A compiled node and its rough cost tier (see the COST table in field-match.ts). */
export interface Compiled {
  test: RecordPredicate;
  cost: number;
}

/** Per-predicate accessors that run each expensive lookup at most once per record. */
export interface Access {
  ctx: FilterContext;
  now: number;
  decoded(r: MessageRecord): Decoded | undefined;
  /** A compiled StringMatch for short strings (event names, URLs). */
  stringTest(m: StringMatch): (s: string) => boolean;
}

export function makeAccess(ctx: FilterContext): Access {
  // One-entry memo: an AND of `proto:` and `event:` decodes the record once.
  let lastRec: MessageRecord | undefined;
  let lastDec: Decoded | undefined;
  const decoded = (r: MessageRecord): Decoded | undefined => {
    if (r !== lastRec) {
      lastRec = r;
      lastDec = ctx.decoded?.(r);
    }
    return lastDec;
  };
  return {
    ctx,
    now: ctx.now ?? Date.now(),
    decoded,
    stringTest: (m) => {
      if (m.mode === 'regex') return regexMatcher(m.re);
      if (m.mode === 'exact') return (s) => s === m.text;
      return substringMatcher(m.text);
    },
  };
}
