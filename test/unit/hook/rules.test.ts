/** Intercept rules run on the page's thread: a pattern that could stall it is refused when set. */
import { describe, expect, it } from 'vitest';
import { compileRules, matchRules } from '../../../src/hook/rules';

describe('intercept rule regexes', () => {
  it('/(a+)+$/ is refused when the rules are compiled, or matched fast on a 30-character `aaaa…b` message', () => {
    const t0 = performance.now();
    const c = compileRules([{ id: 'evil', dir: 'both', match: '(a+)+$', regex: true, action: 'hold' }]);
    if (c.ok) {
      const hit = matchRules(c.rules, 'out', `${'a'.repeat(29)}b`);
      expect(hit.hold).toBeUndefined();
    } else {
      expect(c.error).toContain('rule evil');
      expect(c.error).toContain('`(a+)+`');
      expect(c.error).toContain('exponential');
    }
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('safe patterns still compile and match', () => {
    const c = compileRules([{ id: 'r', dir: 'out', match: '^\\{"type":"(chat|ack)"', regex: true, action: 'hold' }]);
    if (!c.ok) throw new Error(c.error);
    expect(matchRules(c.rules, 'out', '{"type":"ack"}').hold?.id).toBe('r');
  });

  it('an invalid pattern is an error value, not a throw', () => {
    const c = compileRules([{ id: 'bad', dir: 'in', match: 'a(', regex: true, action: 'hold' }]);
    expect(c.ok || c.error).toContain('invalid regular expression');
  });
});
