/**
 * Intercept rules, compiled once when the panel sets them and matched in the
 * send wrapper / message listener. Small on purpose: the hook is in every
 * frame of every page, so the filter language (src/filter) is not bundled
 * here; rules are direction + substring or regular expression on text.
 * An empty substring matches every message (binary too). A rule's regex runs
 * on the page's thread in the send wrapper and message listener, so only
 * patterns src/filter/regex-safety.ts accepts may reach it: the background
 * refuses the others (src/messaging/command-validation.ts) before a command
 * goes on, and commands reach the hook only over its private port (channel.ts),
 * which no page script can post on. The checker (about 6 KB minified) is
 * therefore not shipped in every frame.
 */
import type { Direction } from '../model/records';
import type { InterceptRule as HookInterceptRule } from '../messaging/protocol';

// Matching runs on the page's thread for every message: the page may patch String/RegExp/Array prototypes
// after install, to read the rules' text or to break matching. Everything used per message is captured here,
// when the hook loads (document_start, before page scripts), and loops go by index, never by iterator.
const apply = Reflect.apply;
const includes = String.prototype.includes;
const exec = RegExp.prototype.exec;

export interface CompiledRule extends HookInterceptRule {
  test(text: string): boolean;
}

export type CompileResult = { ok: true; rules: CompiledRule[] } | { ok: false; error: string };

export function compileRules(rules: readonly HookInterceptRule[]): CompileResult {
  const out: CompiledRule[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as HookInterceptRule;
    if (r.dir !== 'in' && r.dir !== 'out' && r.dir !== 'both')
      return { ok: false, error: `rule ${r.id}: direction must be in, out or both` };
    if (r.action !== 'hold' && r.action !== 'reply') return { ok: false, error: `rule ${r.id}: action must be hold or reply` };
    if (r.action === 'reply' && !r.reply) return { ok: false, error: `rule ${r.id}: a reply rule needs a reply` };
    let test: (text: string) => boolean;
    if (r.regex) {
      let re: RegExp;
      try {
        re = new RegExp(r.match);
        re.test('a'); // V8 compiles on first use and may only then call a long pattern "too large"
        re.test('\u0100');
      } catch (e) {
        return { ok: false, error: `rule ${r.id}: invalid regular expression: ${e instanceof Error ? e.message : String(e)}` };
      }
      test = (text) => {
        try {
          return apply(exec, re, [text]) !== null;
        } catch {
          return false; // the engine refused the pattern late: never throw into the page's send()
        }
      };
    } else {
      const needle = r.match;
      test = (text) => apply(includes, text, [needle]) as boolean;
    }
    out[out.length] = { ...r, test };
  }
  return { ok: true, rules: out };
}

export interface RuleHit {
  /** The first hold rule that matches. */
  hold?: CompiledRule;
  /** Every reply rule that matches (used when nothing holds the message). */
  replies: CompiledRule[];
}

export function matchRules(rules: readonly CompiledRule[], dir: Direction, data: unknown): RuleHit {
  const hit: RuleHit = { replies: [] };
  const text = typeof data === 'string' ? data : undefined;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as CompiledRule;
    if (r.dir !== 'both' && r.dir !== dir) continue;
    const matches = text === undefined ? r.match === '' && !r.regex : r.test(text);
    if (!matches) continue;
    if (r.action === 'hold') {
      hit.hold ??= r;
    } else hit.replies[hit.replies.length] = r;
  }
  return hit;
}
