/**
 * Redaction of secrets in a shared capture. A redacted value becomes a
 * stable placeholder: the same secret always maps to the same `«redacted:N»`
 * within one Redactor, so a session id seen in the URL, a cookie and a
 * message still correlate after redaction. Pure: strings in, strings out.
 */
import { replaceMatches } from './replace-matches';
import { isSecretHeader, isSecretName } from './secret-names';

export type RedactionKind = 'header' | 'query' | 'field' | 'jwt' | 'bearer' | 'pattern';

/** One redaction, for the export dialog's preview. */
export interface Redaction {
  kind: RedactionKind;
  /** Header, parameter or field name; the pattern source for `pattern`; `JWT` / `Bearer`. */
  name: string;
  /** Where it was: `connection 1:2 url`, `message 17`… */
  where: string;
  placeholder: string;
}

export interface RedactOptions {
  /** On unless explicitly false: a shared capture must not leak session ids by default. */
  enabled?: boolean;
  /** Extra header / query / JSON field names to redact (case-insensitive, exact). */
  names?: readonly string[];
  /** Extra regexes; the whole match is redacted, or group 1 when the regex has one. */
  patterns?: readonly RegExp[];
}

// JWS compact form (RFC 7515 7.1): base64url('{"…') . payload . signature.
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// RFC 6750 2.1 bearer tokens and RFC 7617 basic credentials written inline.
const BEARER = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]{6,})/g;
// "name": "value" or "name": 123 in JSON where the name holds a secret marker (see MAYBE_SECRET_NAME),
// also once-escaped JSON inside a JSON string.
const JSON_FIELD =
  /"((?:[^"\\]|\\.){0,200}?(?:sid|key|tok|sess|auth|pass|pwd|secret|jwt|cred|cookie|sig|bearer|otp)(?:[^"\\]|\\.){0,200}?)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/gi;
/** Any "name": value, for user-defined names (which need not contain a marker). */
const JSON_FIELD_ANY = /"((?:[^"\\]|\\.){1,200}?)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/g;
const JSON_FIELD_ESCAPED = /\\"([^"\\]{1,200}?)\\"(\s*:\s*)(\\"(?:[^"\\]|\\\\.)*?\\"|-?\d+(?:\.\d+)?)/g;
// name=value in form bodies, cookies and query strings written in text.
const PAIR = /(^|[\s&?;,"'{(])([A-Za-z_][\w.-]{0,100})=([^&\s"';,<>)}]+)/g;
/**
 * Cheap gate before the field passes: a secret-looking name always contains one
 * of these (see secret-names.ts); most messages contain none and skip the regexes.
 */
const MAYBE_SECRET_NAME = /sid|key|tok|sess|auth|pass|pwd|secret|jwt|cred|cookie|sig|bearer|otp/i;

export class Redactor {
  readonly enabled: boolean;
  readonly log: Redaction[] = [];
  private readonly placeholders = new Map<string, string>();
  private readonly names: ReadonlySet<string>;
  private readonly patterns: RegExp[];
  /** Field names repeat across messages: classify each once. */
  private readonly nameCache = new Map<string, boolean>();

  constructor(options: RedactOptions = {}) {
    this.enabled = options.enabled !== false;
    this.names = new Set((options.names ?? []).map((n) => n.toLowerCase()));
    this.patterns = (options.patterns ?? []).map((p) => new RegExp(p.source, p.flags.includes('g') ? p.flags : `${p.flags}g`));
  }

  /** The stable placeholder of a secret value. */
  placeholder(secret: string): string {
    let p = this.placeholders.get(secret);
    if (p === undefined) {
      p = `«redacted:${this.placeholders.size + 1}»`;
      this.placeholders.set(secret, p);
    }
    return p;
  }

  /** How many redactions of each kind so far. */
  counts(): Record<RedactionKind, number> {
    const out: Record<RedactionKind, number> = { header: 0, query: 0, field: 0, jwt: 0, bearer: 0, pattern: 0 };
    for (const r of this.log) out[r.kind]++;
    return out;
  }

  header(name: string, value: string, where: string): string {
    if (!this.enabled || value === '' || !isSecretHeader(name, this.names)) return this.text(value, where);
    const lower = name.toLowerCase();
    if (lower === 'cookie' || lower === 'set-cookie') {
      // Per cookie value (RFC 6265 4.1, 5.4), names kept: the session id then shares its placeholder with the URL's.
      return value
        .split(';')
        .map((part, i) => {
          const eq = part.indexOf('=');
          if (eq < 0 || (lower === 'set-cookie' && i > 0)) return part;
          const v = part.slice(eq + 1).trim();
          return v === '' ? part : `${part.slice(0, eq + 1)}${this.note('header', `${name} ${part.slice(0, eq).trim()}`, where, v)}`;
        })
        .join(';');
    }
    return this.note('header', name, where, value);
  }

  /** A URL with secret-looking query parameters and any userinfo password replaced (percent-encoded placeholder). */
  url(url: string, where: string): string {
    if (!this.enabled) return url;
    const hash = url.indexOf('#');
    const head = hash < 0 ? url : url.slice(0, hash);
    const tail = hash < 0 ? '' : url.slice(hash);
    const q = head.indexOf('?');
    let base = q < 0 ? head : head.slice(0, q);
    base = base.replace(
      /^([a-z][a-z0-9+.-]*:\/\/[^/:@]*:)([^/@]+)@/i,
      (_m, pre: string, pass: string) => `${pre}${encodeURIComponent(this.note('query', 'password', where, pass))}@`,
    );
    if (q < 0) return base + tail;
    const query = head
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const name = safeDecode(pair.slice(0, eq));
        const value = pair.slice(eq + 1);
        if (value === '' || !isSecretName(name, this.names)) return pair;
        return `${pair.slice(0, eq)}=${encodeURIComponent(this.note('query', name, where, safeDecode(value)))}`;
      })
      .join('&');
    return `${base}?${query}${tail}`;
  }

  /** Secrets in free text: JSON fields with secret names, name=value pairs, bearer credentials, JWTs, user patterns. */
  text(text: string, where: string): string {
    if (!this.enabled || text.length === 0) return text;
    let out = text;
    const fields = this.names.size > 0 || MAYBE_SECRET_NAME.test(text);
    for (const re of fields ? [this.names.size > 0 ? JSON_FIELD_ANY : JSON_FIELD, JSON_FIELD_ESCAPED] : []) {
      if (re === JSON_FIELD_ESCAPED && !out.includes('\\"')) continue;
      out = replaceMatches(out, re, (m, name: string, colon: string, value: string) => {
        if (value === '""' || !this.secret(name) || value.includes('«redacted:')) return m;
        const q = value.startsWith('\\"') ? '\\"' : value.startsWith('"') ? '"' : '';
        const inner = q ? value.slice(q.length, value.length - q.length) : value;
        return `${m.slice(0, m.length - value.length - colon.length)}${colon}${q || '"'}${this.note('field', name, where, inner)}${q || '"'}`;
      });
    }
    if (fields && out.includes('=')) {
      out = replaceMatches(out, PAIR, (m, pre: string, name: string, value: string) =>
        this.secret(name) && !value.startsWith('«') ? `${pre}${name}=${this.note('field', name, where, value)}` : m,
      );
    }
    if (out.includes('Bearer') || out.includes('Basic')) {
      out = replaceMatches(
        out,
        BEARER,
        (_m, scheme: string, space: string, cred: string) => `${scheme}${space}${this.note('bearer', scheme, where, cred)}`,
      );
    }
    if (out.includes('eyJ')) out = replaceMatches(out, JWT, (m) => this.note('jwt', 'JWT', where, m));
    for (const re of this.patterns) {
      out = replaceMatches(out, re, (m: string, ...groups: unknown[]) => {
        const g = groups[0];
        if (typeof g === 'string' && g.length > 0) return m.replace(g, this.note('pattern', re.source, where, g));
        return m.length === 0 ? m : this.note('pattern', re.source, where, m);
      });
    }
    return out;
  }

  /**
   * Binary payloads that are UTF-8 text (JSON sent as an ArrayBuffer, a
   * Blob of text) are redacted as that text and written back as UTF-8, so a
   * secret seen in a text message and in a binary one gets the same
   * placeholder and the bytes stay valid UTF-8. Other binary (a protocol
   * that embeds strings) is scanned as Latin-1, one char per byte, and the
   * placeholders are written as UTF-8 among the untouched bytes. A hit
   * changes the length, which a length-prefixed binary protocol then no
   * longer parses: the point is not leaking, not keeping such a message
   * decodable.
   */
  bytes(bytes: Uint8Array, where: string): Uint8Array {
    if (!this.enabled) return bytes;
    const utf8 = strictUtf8(bytes);
    if (utf8 !== null) {
      const out = this.text(utf8, where);
      return out === utf8 ? bytes : UTF8.encode(out);
    }
    let latin1 = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      latin1 += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
    const out = this.text(latin1, where);
    return out === latin1 ? bytes : latin1WithPlaceholders(out);
  }

  private secret(name: string): boolean {
    let yes = this.nameCache.get(name);
    if (yes === undefined) {
      yes = isSecretName(name, this.names);
      if (this.nameCache.size < 10_000) this.nameCache.set(name, yes);
    }
    return yes;
  }

  private note(kind: RedactionKind, name: string, where: string, secret: string): string {
    const placeholder = this.placeholder(secret);
    this.log.push({ kind, name, where, placeholder });
    return placeholder;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const UTF8 = new TextEncoder();
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as text when they are well-formed UTF-8, else null. */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return STRICT.decode(bytes);
  } catch {
    return null;
  }
}

const PLACEHOLDER = /«redacted:\d+»/g;

/** Latin-1 text back to bytes, except the placeholders Redactor wrote, which become UTF-8 (`«` is C2 AB, not a lone AB). */
function latin1WithPlaceholders(text: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let from = 0;
  const latin1 = (to: number): void => {
    const part = new Uint8Array(to - from);
    for (let i = from; i < to; i++) part[i - from] = text.charCodeAt(i) & 0xff;
    parts.push(part);
    size += part.length;
  };
  for (const m of text.matchAll(PLACEHOLDER)) {
    latin1(m.index);
    const p = UTF8.encode(m[0]);
    parts.push(p);
    size += p.length;
    from = m.index + m[0].length;
  }
  latin1(text.length);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
