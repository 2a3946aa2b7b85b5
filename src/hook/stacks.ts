/**
 * Reads the page's JavaScript stack for "Record stacks" (off by default; the
 * hook calls `capture()` only while it is on). The page's realm is hostile:
 *
 * - V8 formats `stack` through `Error.prepareStackTrace` when the page set
 *   one: calling it would run page code with our Error (it could see or
 *   forge the frames). So a page-installed one (on Error, Function.prototype
 *   or Object.prototype, where V8 looks) is never called: the stack is then
 *   "not recorded: the page customises stack traces".
 * - V8 builds the header from the error's `name` and `message`: both are own
 *   data properties of our Error, so page getters on Error.prototype never run.
 * - SpiderMonkey's `stack` is an accessor on Error.prototype, which the page
 *   may replace: the getter captured at install is called instead.
 * - `Error.stackTraceLimit` (V8, the page may lower it) is raised for the
 *   one construction when it is a plain writable number, and restored.
 *
 * Everything is captured at install, before any page script runs. The text is
 * cut to MAX_STACK_CHARS here and parsed in the background (src/model/stack-trace.ts).
 */
import type { HookStack } from '../messaging/protocol';
import { MAX_STACK_CHARS, MAX_STACK_FRAMES } from '../model/stack-trace';

export type StackCapture = () => HookStack;

/** Our frames above the page's: the Error is made here, under send or the constructor trap. */
const OWN_FRAMES = 4;

export function createStackCapture(win: typeof globalThis): StackCapture {
  const apply = Reflect.apply;
  const describe = Object.getOwnPropertyDescriptor;
  const define = Object.defineProperty;
  const hasOwn = Object.prototype.hasOwnProperty;
  // Descriptors are read and made with own properties only: the page may define Object.prototype.get/value/writable.
  const own = (o: object, key: string): boolean => apply(hasOwn, o, [key]);
  const nameDesc = Object.create(null) as PropertyDescriptor;
  nameDesc.value = 'Error';
  nameDesc.writable = true;
  nameDesc.configurable = true;
  const E = (win as { Error?: ErrorConstructor }).Error ?? Error;
  const FunctionProto = Object.getPrototypeOf(E) as object;
  const ObjectProto = Object.getPrototypeOf(FunctionProto) as object | null;
  const protoStack = describe(E.prototype, 'stack')?.get;
  const slice = String.prototype.slice;
  const limit = MAX_STACK_FRAMES + OWN_FRAMES;

  const customised = (): boolean =>
    describe(E, 'prepareStackTrace') !== undefined ||
    describe(FunctionProto, 'prepareStackTrace') !== undefined ||
    (ObjectProto !== null && describe(ObjectProto, 'prepareStackTrace') !== undefined);

  const make = (): Error => {
    const d = describe(E, 'stackTraceLimit');
    if (!d || !own(d, 'value') || d.writable !== true || typeof d.value !== 'number' || d.value >= limit) return new E('');
    (E as { stackTraceLimit?: number }).stackTraceLimit = limit;
    try {
      return new E('');
    } finally {
      (E as { stackTraceLimit?: number }).stackTraceLimit = d.value as number;
    }
  };

  return () => {
    if (customised()) return { gap: 'page-customises' };
    const err = make();
    define(err, 'name', nameDesc);
    const d = describe(err, 'stack');
    let raw: unknown;
    if (d && own(d, 'value')) raw = d.value;
    else if (d && own(d, 'get') && typeof d.get === 'function') raw = apply(d.get, err, []);
    else if (protoStack) raw = apply(protoStack, err, []);
    if (typeof raw !== 'string') return { gap: 'unreadable' };
    return { raw: raw.length > MAX_STACK_CHARS ? (apply(slice, raw, [0, MAX_STACK_CHARS]) as string) : raw };
  };
}
