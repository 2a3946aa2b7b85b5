/**
 * What free words and regexes search: the text of a text message; for a
 * binary one, its decoded summary when the connection speaks a binary
 * protocol (the decoder's `binary` fact; decoded lazily), else its hex
 * preview as the table shows it.
 * Binary messages on other connections are never decoded for a text search:
 * trying every binary decoder on a million random payloads would make each
 * keystroke slow.
 */
import { isBinaryProtocol } from '../../decoders/registry';
import type { MessageRecord } from '../../model/records';
import { binaryPreviewHex } from '../capture/format';
import type { DecodeCache } from './decode-cache';
import type { FilterNode } from '../../filter';

export interface SearchTextOptions {
  /**
   * Whether any text term of the query could match a hex preview. When none
   * can (`error`, `/err(or)?s?"/i`), binary messages on non-binary connections
   * have no search text: same answer, without a base64 → hex per record
   * (which made a 1M-message scan ~20× slower).
   */
  hexTerms: boolean;
  /** Protocol of each connection, looked up once per compiled filter. */
  protocols?: Map<string, string | undefined>;
}

export function searchTextOf(m: MessageRecord, decode?: DecodeCache, opts: SearchTextOptions = { hexTerms: true }): string | undefined {
  if (m.opcode === 1) return m.data;
  if (decode) {
    let proto = opts.protocols?.get(m.conn);
    if (proto === undefined && !opts.protocols?.has(m.conn)) {
      proto = decode.protocolOf(m.conn)?.id;
      opts.protocols?.set(m.conn, proto);
    }
    if (proto && isBinaryProtocol(proto)) {
      const summary = decode.decoded(m)?.summary;
      if (summary !== undefined) return summary;
    }
  }
  return opts.hexTerms ? binaryPreviewHex(m.data) : undefined;
}

/** A hex preview holds only hex digits and spaces: a term with any other letter can never match one. */
const NOT_HEX = /[^0-9a-f\s]/i;

/** Whether some free word, phrase or regex of the query looks like hex (regex syntax and escapes aside). */
export function queryHasHexTerm(node: FilterNode | null): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(queryHasHexTerm);
    case 'not':
      return queryHasHexTerm(node.child);
    case 'text':
      return !NOT_HEX.test(node.text);
    case 'regex':
      // Drop escapes (\d, \s, \x0a…), classes and operators; what is left are literal characters.
      return !NOT_HEX.test(
        node.re.source
          .replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|.)/gi, '')
          .replace(/\[[^\]]*\]/g, '')
          .replace(/[()|?*+.^${},:=!<>-]/g, ''),
      );
    case 'field':
      return false;
  }
}
