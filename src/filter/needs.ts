/**
 * What a query will ask of the FilterContext, so the panel can decide up
 * front (e.g. warm the decoder cache, or skip a chunked scan for a cheap query).
 */
import type { FieldTerm, FilterNode, FilterQuery } from './ast';

export interface FilterNeeds {
  /** Free words or regexes: a text scan (binary messages also decode, unless `searchText` is given). */
  text: boolean;
  /** Decoded fields: proto, event, json, and the is: flags that read decoder output. */
  decoded: boolean;
  connection: boolean;
  pairing: boolean;
  /** `time:`, `after:`, `before:`: the predicate is tied to the `now` it was compiled with. */
  clock: boolean;
}

const DECODED_IS = new Set(['heartbeat', 'handshake', 'control', 'request', 'response', 'decoded']);

function addField(term: FieldTerm, needs: FilterNeeds): void {
  switch (term.field) {
    case 'conn':
      needs.connection = true;
      break;
    case 'proto':
    case 'event':
    case 'json':
      needs.decoded = true;
      break;
    case 'time':
      needs.clock = true;
      break;
    case 'is':
      if (term.flag === 'unanswered') needs.pairing = true;
      else if (DECODED_IS.has(term.flag)) needs.decoded = true;
      break;
    default:
      break;
  }
}

function walk(node: FilterNode, needs: FilterNeeds): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const c of node.children) walk(c, needs);
      break;
    case 'not':
      walk(node.child, needs);
      break;
    case 'text':
    case 'regex':
      needs.text = true;
      break;
    case 'field':
      addField(node.term, needs);
      break;
  }
}

export function queryNeeds(query: FilterQuery): FilterNeeds {
  const needs: FilterNeeds = { text: false, decoded: false, connection: false, pairing: false, clock: false };
  if (query.root) walk(query.root, needs);
  return needs;
}
