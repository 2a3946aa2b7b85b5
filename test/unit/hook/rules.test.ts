/**
 * Intercept rules run on the page's thread. A pattern that could stall it is refused by the background
 * before a command goes on (test/unit/messaging/command-validation.test.ts, and the router test below);
 * the hook compiles what arrives on its private port.
 */
import { describe, expect, it } from 'vitest';
import { compileRules, matchRules } from '../../../src/hook/rules';

describe('intercept rule regexes', () => {
  it('safe patterns still compile and match', () => {
    const c = compileRules([{ id: 'r', dir: 'out', match: '^\\{"type":"(chat|ack)"', regex: true, action: 'hold' }]);
    if (!c.ok) throw new Error(c.error);
    expect(matchRules(c.rules, 'out', '{"type":"ack"}').hold?.id).toBe('r');
  });

  it('an invalid pattern is an error value, not a throw', () => {
    const c = compileRules([{ id: 'bad', dir: 'in', match: 'a(', regex: true, action: 'hold' }]);
    expect(c.ok || c.error).toContain('invalid regular expression');
  });

  it('matches with the originals when the page patches String, RegExp and Array prototypes after install', () => {
    const c = compileRules([
      { id: 'sub', dir: 'out', match: 'secret-needle', action: 'hold' },
      { id: 're', dir: 'in', match: '^ping', regex: true, action: 'reply', reply: { as: 'inject', payload: { opcode: 1, text: 'pong' } } },
    ]);
    if (!c.ok) throw new Error(c.error);
    const seen: unknown[] = [];
    let got: unknown[] = [];
    const saved = {
      includes: String.prototype.includes,
      exec: RegExp.prototype.exec,
      test: RegExp.prototype.test,
      iterator: Array.prototype[Symbol.iterator],
      push: Array.prototype.push,
    };
    try {
      const note = (x: unknown): void => void (seen[seen.length] = x); // not push: it is patched below
      String.prototype.includes = function (...args: unknown[]) {
        note(args);
        return false;
      };
      RegExp.prototype.exec = function (...args: unknown[]) {
        note(args);
        return null;
      };
      RegExp.prototype.test = function (...args: unknown[]) {
        note(args);
        return false;
      };
      Array.prototype[Symbol.iterator] = function () {
        note('iterator');
        return saved.iterator.call([]);
      };
      Array.prototype.push = function (...args: unknown[]) {
        note('push');
        return saved.push.apply(this, args);
      };
      const out = matchRules(c.rules, 'out', 'has secret-needle inside');
      const inn = matchRules(c.rules, 'in', 'ping 1');
      got = [out.hold?.id, inn.replies.length];
    } finally {
      String.prototype.includes = saved.includes;
      RegExp.prototype.exec = saved.exec;
      RegExp.prototype.test = saved.test;
      Array.prototype[Symbol.iterator] = saved.iterator;
      Array.prototype.push = saved.push;
    }
    expect(got).toEqual(['sub', 1]);
    expect(seen).toEqual([]); // the page saw neither the messages nor the rules' text
  });
});
