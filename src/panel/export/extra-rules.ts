/**
 * The export popover's "Also redact" field: names (headers, URL parameters,
 * JSON fields; exact, any case) and /regexes/ of the user's own, separated by
 * commas or spaces. A regex is checked by the filter's safety check first: it
 * runs over every payload, and a catastrophic one would hang the panel.
 */
import { checkRegexSafety } from '../../filter/regex-safety';
import type { RedactOptions } from '../../export';

export type ExtraRules = { ok: true; names: string[]; patterns: RegExp[] } | { ok: false; error: string };

const REGEX = /^\/(.+)\/([a-z]*)$/;
const FLAGS = /^[imsu]*$/;

export function parseExtraRules(text: string): ExtraRules {
  const names: string[] = [];
  const patterns: RegExp[] = [];
  // /…/ may hold spaces and commas: take regexes first, then split the rest.
  const tokens = text.match(/\/(?:\\.|[^/\\])+\/[a-z]*|[^\s,]+/g) ?? [];
  for (const token of tokens) {
    const m = REGEX.exec(token);
    if (!m) {
      names.push(token);
      continue;
    }
    const [, source = '', flags = ''] = m;
    if (!FLAGS.test(flags)) return { ok: false, error: `${token}: flags may be i, m, s, u` };
    const safety = checkRegexSafety(source, flags);
    if (!safety.safe) return { ok: false, error: `${token}: ${safety.reason}` };
    try {
      patterns.push(new RegExp(source, flags));
    } catch (e) {
      return { ok: false, error: `${token}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { ok: true, names, patterns };
}

/** Redaction options for an export: off, or on with the valid extra rules. */
export function redactOptions(enabled: boolean, rules: ExtraRules): RedactOptions {
  if (!enabled) return { enabled: false };
  return rules.ok ? { enabled: true, names: rules.names, patterns: rules.patterns } : { enabled: true };
}
