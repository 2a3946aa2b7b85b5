/**
 * The parsed form of a filter query. Plain data apart from the compiled
 * RegExps (kept so the matcher and the highlighter never recompile them).
 * Every node carries its source range so errors and the panel can point at it.
 */
import type { Direction, MessageOrigin } from '../model/records';

/** A half-open range of UTF-16 offsets into the query source. */
export interface Span {
  start: number;
  end: number;
}

/** Stable codes, so the panel (and tests) need not match on messages. Append only. */
export type FilterErrorCode =
  | 'unclosed-quote'
  | 'unclosed-regex'
  | 'bad-regex'
  | 'bad-regex-flags'
  | 'unknown-field'
  | 'missing-value'
  | 'bad-value'
  | 'dangling-or'
  | 'lone-minus'
  | 'unclosed-paren'
  | 'unmatched-paren'
  | 'empty-group'
  | 'too-long'
  | 'too-deep'
  | 'slow-regex';

/**
 * Bounds that keep parsing, compiling and matching cheap whatever is typed or
 * pasted (a saved filter is at most 4,096 characters; these leave room).
 * Beyond them the query is an error at the place, never a thrown RangeError.
 */
export const FILTER_LIMITS = {
  /** UTF-16 code units in a whole query. */
  queryChars: 16 * 1024,
  /** UTF-16 code units in one term (a word, phrase, regex literal or `field:value`). */
  termChars: 4096,
  /** Nesting of `(` and `-`: each level is a stack frame in the parser, compiler and highlighter. */
  depth: 64,
} as const;

export interface FilterError extends Span {
  code: FilterErrorCode;
  message: string;
}

/** How a string field (`conn:`, `event:`, `proto:`) compares its value. */
export type StringMatch =
  | { mode: 'contains'; text: string } // case-insensitive substring (for `proto:`, the whole id)
  | { mode: 'exact'; text: string } // `field:=value`, case-sensitive
  | { mode: 'regex'; re: RegExp };

/** A time bound before it is resolved against the caller's clock (`FilterContext.now`). */
export type TimePoint = { span: number } & (
  | { kind: 'clock'; h: number; m: number; s: number; ms: number } // most recent such local time of day
  | { kind: 'ago'; ms: number } // `-5m`: now minus a duration
  | { kind: 'absolute'; t: number } // ISO date or date-time, local unless it names a zone
);

/**
 * `lo <= t < hi` once resolved. A point names a whole interval as long as its
 * precision (`12:30` is a minute), so each bound says which edge it uses.
 */
export interface TimeBound {
  point: TimePoint;
  edge: 'start' | 'end';
}
export interface TimeRange {
  lo?: TimeBound;
  hi?: TimeBound;
}

export type JsonPathSegment = string | number;
export type JsonOp = 'exists' | '=' | '!=' | '<' | '<=' | '>' | '>=';

export type IsFlag =
  | 'heartbeat'
  | 'handshake'
  | 'control'
  | 'request'
  | 'response'
  | 'unanswered'
  | 'truncated'
  | 'decoded'
  | 'injected'
  | 'intercepted'
  | 'discarded';

/** The opcodes `type:` can name (RFC 6455 5.2): data 1/2, control 8/9/10, continuation 0. */
export type FieldTerm =
  | { field: 'dir'; dirs: Direction[] }
  | { field: 'type'; opcodes: number[] }
  | { field: 'size'; min: number; max: number } // inclusive bytes
  | { field: 'conn'; match: StringMatch }
  | { field: 'proto'; match: StringMatch }
  | { field: 'event'; match: StringMatch }
  | { field: 'json'; path: JsonPathSegment[]; op: JsonOp; value?: string }
  | { field: 'time'; range: TimeRange }
  | { field: 'is'; flag: IsFlag }
  | { field: 'origin'; origins: MessageOrigin[] };

export type FilterNode = Span &
  (
    | { kind: 'and'; children: FilterNode[] }
    | { kind: 'or'; children: FilterNode[] }
    | { kind: 'not'; child: FilterNode }
    /** A free word or a quoted phrase: case-insensitive substring of the search text. */
    | { kind: 'text'; text: string; quoted: boolean }
    | { kind: 'regex'; re: RegExp }
    | { kind: 'field'; term: FieldTerm }
  );

export interface FilterQuery {
  source: string;
  /** `null` for an empty query, which matches everything. */
  root: FilterNode | null;
}

export type ParseResult = { ok: true; query: FilterQuery } | { ok: false; error: FilterError };

export function filterError(code: FilterErrorCode, message: string, start: number, end: number): FilterError {
  return { code, message, start, end: Math.max(end, start + 1) };
}
