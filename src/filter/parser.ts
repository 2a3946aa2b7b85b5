/**
 * Recursive descent over the tokens:
 *
 *   query   := or?
 *   or      := and ( "OR" and )*
 *   and     := unary ( "AND"? unary )*        (AND binds tighter than OR)
 *   unary   := "-" unary | primary
 *   primary := "(" or ")" | word | "phrase" | /regex/flags | name:value
 *
 * Never throws: a ParseFailure carries the FilterError up to parseFilter.
 */
import { FILTER_LIMITS, filterError } from './ast';
import type { FilterError, FilterNode, ParseResult } from './ast';
import { parseField } from './fields';
import { lex } from './lexer';
import type { Token } from './lexer';
import { compileRegex } from './regex';

class ParseFailure {
  constructor(readonly error: FilterError) {}
}

const fail = (...args: Parameters<typeof filterError>): never => {
  throw new ParseFailure(filterError(...args));
};

class Parser {
  private pos = 0;
  /** Open `(` and `-` around the current token: bounded, so no input can overflow the stack. */
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  parseQuery(): FilterNode | null {
    const root = this.parseOr();
    const extra = this.peek();
    if (extra) fail('unmatched-paren', 'unmatched `)`', extra.start, extra.end);
    return root;
  }

  private parseOr(): FilterNode | null {
    const first = this.parseAnd();
    const children = first ? [first] : [];
    for (let tok = this.peek(); tok?.t === 'or'; tok = this.peek()) {
      if (!first) fail('dangling-or', '`OR` needs a term on its left', tok.start, tok.end);
      this.pos++;
      const next = this.parseAnd();
      if (!next) fail('dangling-or', '`OR` needs a term on its right', tok.start, tok.end);
      else children.push(next);
    }
    return group('or', children);
  }

  private parseAnd(): FilterNode | null {
    const children: FilterNode[] = [];
    for (let tok = this.peek(); tok && tok.t !== 'or' && tok.t !== 'rparen'; tok = this.peek()) {
      if (tok.t === 'and') {
        this.pos++;
        const next = this.peek();
        if (children.length === 0 || !next || next.t === 'or' || next.t === 'rparen' || next.t === 'and') {
          fail('dangling-or', '`AND` needs a term on each side', tok.start, tok.end);
        }
        continue;
      }
      children.push(this.parseUnary());
    }
    return group('and', children);
  }

  private parseUnary(): FilterNode {
    const tok = this.peek();
    if (tok?.t !== 'neg') return this.parsePrimary();
    this.enter(tok);
    this.pos++;
    const next = this.peek();
    if (!next || next.t === 'or' || next.t === 'and' || next.t === 'rparen') {
      fail('lone-minus', '`-` must be followed directly by the term to exclude, e.g. `-ping`', tok.start, tok.end);
    }
    const child = this.parseUnary();
    this.depth--;
    return { kind: 'not', child, start: tok.start, end: child.end };
  }

  private enter(tok: Token): void {
    if (++this.depth > FILTER_LIMITS.depth) {
      fail('too-deep', `more than ${FILTER_LIMITS.depth} nested \`(\` or \`-\` here: flatten the query`, tok.start, tok.end);
    }
  }

  private parsePrimary(): FilterNode {
    const tok = this.tokens[this.pos++];
    if (!tok) return fail('lone-minus', 'expected a term', this.src.length, this.src.length + 1);
    const { start, end } = tok;
    switch (tok.t) {
      case 'lparen': {
        this.enter(tok);
        const inner = this.parseOr();
        this.depth--;
        const close = this.tokens[this.pos++];
        if (close?.t !== 'rparen') return fail('unclosed-paren', 'unclosed `(`: add the matching `)`', start, end);
        if (!inner) return fail('empty-group', 'empty parentheses', start, close.end);
        return { ...inner, start, end: close.end };
      }
      case 'word':
        return { kind: 'text', text: tok.text, quoted: false, start, end };
      case 'phrase':
        if (tok.text === '') return fail('bad-value', 'empty quotes match everything; remove them', start, end);
        return { kind: 'text', text: tok.text, quoted: true, start, end };
      case 'regex': {
        const re = compileRegex(this.src, tok.scan);
        if (!re.ok) throw new ParseFailure(re.error);
        return { kind: 'regex', re: re.re, start, end };
      }
      case 'field': {
        const f = parseField(tok.name, tok.raw, start, tok.valueStart);
        if (!f.ok) throw new ParseFailure(f.error);
        return { kind: 'field', term: f.term, start, end };
      }
      default:
        // `rparen`, `or`, `and` and `neg` are consumed by the callers before reaching here.
        return fail('unmatched-paren', `unexpected \`${this.src.slice(start, end)}\``, start, end);
    }
  }
}

function group(kind: 'and' | 'or', children: FilterNode[]): FilterNode | null {
  const [first] = children;
  const last = children[children.length - 1];
  if (!first || !last) return null;
  return children.length === 1 ? first : { kind, children, start: first.start, end: last.end };
}

/** Parses a query. Never throws; an empty query is valid and matches everything. */
export function parseFilter(src: string): ParseResult {
  const lexed = lex(src);
  if (!lexed.ok) return lexed;
  try {
    return { ok: true, query: { source: src, root: new Parser(src, lexed.tokens).parseQuery() } };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e; // a bug, not bad input: let the fuzz tests see it
  }
}
