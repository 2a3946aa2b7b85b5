import { describe, expect, it } from 'vitest';
import { MAX_STACK_FRAMES, formatFrame, parseStack, parseStackLine, toRecordedStack } from '../../../src/model/stack-trace';

const HOOK_V8 = 'chrome-extension://abcdef/extension/hook.iife.js';
const HOOK_SM = 'moz-extension://0f1e-22/extension/hook.iife.js';

const v8 = [
  'Error',
  `    at Object.send (${HOOK_V8}:1:2345)`,
  '    at sendHello (http://127.0.0.1:8080/app.js:12:7)',
  '    at HTMLButtonElement.<anonymous> (http://127.0.0.1:8080/index.html:30:15)',
  '    at new Chat (http://127.0.0.1:8080/chat.js:4:3)',
  '    at async Promise.all (index 0)',
  '    at http://127.0.0.1:8080/boot.js:1:1',
  '    at run (eval at load (http://127.0.0.1:8080/loader.js:9:11), <anonymous>:2:5)',
  '    at fn [as handler] (http://127.0.0.1:8080/a(b).js:3:4)',
  '    at <anonymous>',
].join('\n');

const spiderMonkey = [
  `send@${HOOK_SM}:1:2345`,
  'sendHello@http://127.0.0.1:8080/app.js:12:7',
  '@http://127.0.0.1:8080/index.html:30:15',
  'async*start@http://127.0.0.1:8080/boot.js:2:9',
  'run@http://127.0.0.1:8080/loader.js line 9 > eval:2:5',
  'g/<@http://127.0.0.1:8080/a.js:3',
  '',
].join('\n');

describe('stack text → frames', () => {
  it('parses V8 frames: names, anonymous, constructors, eval origins, parentheses in URLs', () => {
    expect(parseStack(v8)).toEqual([
      { fn: 'Object.send', url: HOOK_V8, line: 1, col: 2345 },
      { fn: 'sendHello', url: 'http://127.0.0.1:8080/app.js', line: 12, col: 7 },
      { fn: 'HTMLButtonElement.<anonymous>', url: 'http://127.0.0.1:8080/index.html', line: 30, col: 15 },
      { fn: 'new Chat', url: 'http://127.0.0.1:8080/chat.js', line: 4, col: 3 },
      { fn: 'async Promise.all', url: 'index 0' },
      { fn: '', url: 'http://127.0.0.1:8080/boot.js', line: 1, col: 1 },
      { fn: 'run', url: 'http://127.0.0.1:8080/loader.js', line: 9, col: 11 },
      { fn: 'fn [as handler]', url: 'http://127.0.0.1:8080/a(b).js', line: 3, col: 4 },
      { fn: '', url: '<anonymous>' },
    ]);
  });

  it('parses SpiderMonkey frames: anonymous, async boundaries, eval, no column', () => {
    expect(parseStack(spiderMonkey)).toEqual([
      { fn: 'send', url: HOOK_SM, line: 1, col: 2345 },
      { fn: 'sendHello', url: 'http://127.0.0.1:8080/app.js', line: 12, col: 7 },
      { fn: '', url: 'http://127.0.0.1:8080/index.html', line: 30, col: 15 },
      { fn: 'start', url: 'http://127.0.0.1:8080/boot.js', line: 2, col: 9 },
      { fn: 'run', url: 'http://127.0.0.1:8080/loader.js', line: 9 },
      { fn: 'g/<', url: 'http://127.0.0.1:8080/a.js', line: 3 },
    ]);
  });

  it('removes the hook\u2019s own frames (the first frame\u2019s script) in both formats', () => {
    const a = toRecordedStack({ raw: v8 });
    expect(a.frames[0]).toEqual({ fn: 'sendHello', url: 'http://127.0.0.1:8080/app.js', line: 12, col: 7 });
    expect(a.frames.some((f) => f.url === HOOK_V8)).toBe(false);
    const b = toRecordedStack({ raw: `${spiderMonkey}\nlater@${HOOK_SM}:1:99` });
    expect(b.frames[0]?.fn).toBe('sendHello');
    expect(b.frames.some((f) => f.url === HOOK_SM)).toBe(false);
  });

  it('caps frames and cuts names and URLs', () => {
    const deep = ['Error', `    at send (${HOOK_V8}:1:1)`];
    for (let i = 0; i < 100; i++) deep.push(`    at f${i} (http://h/x.js:${i + 1}:1)`);
    const s = toRecordedStack({ raw: deep.join('\n') });
    expect(s.frames).toHaveLength(MAX_STACK_FRAMES);
    expect(s.omitted).toBe(100 - MAX_STACK_FRAMES);
    const long = toRecordedStack({ raw: `o@${HOOK_SM}:1:1\n${'n'.repeat(5000)}@http://h/${'p'.repeat(5000)}.js:1:1` });
    expect(long.frames[0]?.fn.length).toBeLessThanOrEqual(256);
    expect(long.frames[0]?.url.length).toBeLessThanOrEqual(2048);
  });

  it('is total: garbage, wrong types and gaps give a value, never a throw', () => {
    const garbage = ['', '\n\n', 'at', 'at ()', 'at ((((', 'at ))))', '@', '@@@', 'x@:::', 'at eval at (', '\u0000\uffff', ')(at'];
    for (const g of garbage) expect(() => parseStackLine(g)).not.toThrow();
    expect(() => parseStack(garbage.join('\n'))).not.toThrow();
    for (const x of [undefined, null, 42, 'str', {}, { raw: 5 }, { gap: 'nope' }, [], { raw: garbage.join('\n') }])
      expect(toRecordedStack(x).frames).toBeInstanceOf(Array);
    expect(toRecordedStack({ gap: 'page-customises' })).toEqual({ frames: [], gap: 'page-customises' });
    expect(toRecordedStack({ gap: 'nope' }).gap).toBe('unreadable');
    expect(parseStack('at '.repeat(100000)).length).toBeLessThan(2); // one long line, cut first
  });

  it('formats a frame as one line', () => {
    expect(formatFrame({ fn: 'sendHello', url: 'http://h/app.js', line: 12, col: 7 })).toBe('sendHello (http://h/app.js:12:7)');
    expect(formatFrame({ fn: '', url: '<anonymous>' })).toBe('(anonymous) (<anonymous>)');
  });
});
