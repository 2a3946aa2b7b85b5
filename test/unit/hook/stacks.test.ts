/**
 * "Record stacks" in the hook, on a fake page whose Error is a fresh V8 realm's (node:vm): the page's
 * frames are recorded at `new WebSocket` and `send()`, nothing is read while the setting is off,
 * and a page that customises stack traces never sees our Error nor forges what we record.
 */
import { createContext, runInContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { installHook } from '../../../src/hook/install';
import type { HookHandle } from '../../../src/hook/install';
import type { HookEvent } from '../../../src/messaging/protocol';
import { toRecordedStack } from '../../../src/model/stack-trace';
import { fakeWindow, type Fake } from './install-fake';

type WSCtor = new (url: string, protocols?: string | string[]) => Fake;
type ErrorStatics = { prepareStackTrace?: unknown; stackTraceLimit?: number };

describe('hook: Record stacks', () => {
  let events: HookEvent[];
  let handle: HookHandle;
  let WS: WSCtor;
  let PageError: ErrorConstructor & ErrorStatics;

  /** Installs the hook on a fake page whose Error is `pageError` (default: a fresh realm's, without vitest's prepareStackTrace). */
  function setup(pageError?: unknown): void {
    events = [];
    const env = fakeWindow();
    (env.win as unknown as { Error: unknown }).Error = pageError ?? PageError;
    handle = installHook(env.win, (e) => void (events[events.length] = e), 'p');
    WS = (env.win as unknown as { WebSocket: WSCtor }).WebSocket;
  }
  beforeEach(() => {
    PageError = runInContext('Error', createContext()) as ErrorConstructor & ErrorStatics;
    setup();
  });

  const sent = () => events.filter((e): e is Extract<HookEvent, { k: 'message' }> => e.k === 'message' && e.dir === 'out');
  const created = () => events.filter((e): e is Extract<HookEvent, { k: 'create' }> => e.k === 'create');

  function openFromPage(): Fake {
    const ws = new WS('ws://h/');
    ws.open();
    return ws;
  }
  function sendFromPage(ws: Fake, text: string): void {
    ws.send(text);
  }

  it('records nothing and makes no Error while off', () => {
    let made = 0;
    const Counted: ErrorConstructor = new Proxy(PageError, {
      construct: (t, a, n): object => (made++, Reflect.construct(t, a, n === Counted ? t : n) as object),
    });
    setup(Counted);
    const ws = openFromPage();
    sendFromPage(ws, 'a');
    expect(made).toBe(0);
    expect(created()[0]?.stack).toBeUndefined();
    expect(sent()[0]?.stack).toBeUndefined();
  });

  it('when on: marks sockets created before as setting-late, and records the page frames of new WebSocket and send()', () => {
    const early = openFromPage();
    handle.setStacks(true);
    expect(events.filter((e) => e.k === 'stack')).toMatchObject([{ conn: 'p:1', stack: { gap: 'setting-late' } }]);
    const ws = openFromPage();
    sendFromPage(ws, 'b');
    sendFromPage(early, 'c');
    const creation = toRecordedStack(created()[1]?.stack);
    expect(creation.frames[0]?.url).toMatch(/install\.ts$/); // the constructor trap (one file in the built hook)
    expect(creation.frames.some((f) => f.fn.includes('openFromPage') && f.url.endsWith('stacks.test.ts'))).toBe(true);
    for (const m of sent()) {
      const s = toRecordedStack(m.stack);
      const page = s.frames.find((f) => f.fn.includes('sendFromPage'));
      expect(page?.url).toMatch(/stacks\.test\.ts$/);
      expect(page?.line).toBeGreaterThan(40);
      expect(s.frames.some((f) => f.url.endsWith('src/hook/stacks.ts'))).toBe(false); // our first frame removed
    }
    handle.setStacks(false);
    sendFromPage(ws, 'd');
    expect(sent()[2]?.stack).toBeUndefined();
  });

  it('never calls a page-installed Error.prepareStackTrace: records why instead', () => {
    let calls = 0;
    PageError.prepareStackTrace = () => (calls++, 'forged');
    handle.setStacks(true);
    sendFromPage(openFromPage(), 'x');
    expect(calls).toBe(0);
    expect(created()[0]?.stack).toEqual({ gap: 'page-customises' });
    expect(sent()[0]?.stack).toEqual({ gap: 'page-customises' });
  });

  it('reads past a lowered Error.stackTraceLimit and restores it; page getters on Error.prototype.name never run', () => {
    PageError.stackTraceLimit = 1;
    let nameReads = 0;
    Object.defineProperty(PageError.prototype, 'name', { get: () => (nameReads++, 'Error'), configurable: true });
    handle.setStacks(true);
    const ws = openFromPage();
    sendFromPage(ws, 'y');
    expect(PageError.stackTraceLimit).toBe(1);
    expect(nameReads).toBe(0);
    expect(toRecordedStack(sent()[0]?.stack).frames.some((f) => f.fn.includes('sendFromPage'))).toBe(true);
  });
});
