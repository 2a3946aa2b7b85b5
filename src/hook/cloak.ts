/**
 * Makes the functions the hook puts in the page look native to
 * `Function.prototype.toString`: the WebSocket Proxy (V8 prints a Proxy as
 * `function () { [native code] }`, the native as `function WebSocket() …`)
 * and the replaced `send`/`close` (which would print our source).
 *
 * How: `Function.prototype.toString` is replaced by a method that, for a
 * function we registered, returns what the native toString prints for the
 * native function it stands for, and otherwise calls the native toString on
 * `this` (so a non-function `this` throws the native TypeError, with its
 * native message). The replacement is registered for itself. The table is a
 * closure WeakMap: nothing on the page's objects, no symbol, no global.
 *
 * Not hidden: a stack trace taken inside (`new Error().stack` in a getter the
 * page defines) shows one extra frame, and the call costs a few ns more.
 * Another frame's `Function.prototype.toString` (a same-origin iframe) has
 * its own table, so it prints our functions as they are.
 */
export interface Cloak {
  /** From now on `fake` prints as `native` prints. */
  disguise(fake: object, native: object): void;
}

type Fn = (...args: unknown[]) => unknown;

export function installCloak(win: typeof globalThis): Cloak {
  // Every browser window has Function; minimal test windows may not, and then there is nothing to disguise for.
  if (typeof win.Function !== 'function') return { disguise: () => undefined };
  const FunctionProto = win.Function.prototype;
  const nativeToString = FunctionProto.toString as Fn;
  const apply = Reflect.apply;
  const wmGet = WeakMap.prototype.get as (this: WeakMap<object, object>, key: unknown) => object | undefined;
  const wmSet = WeakMap.prototype.set as (this: WeakMap<object, object>, key: object, value: object) => WeakMap<object, object>;
  const standIns = new WeakMap<object, object>();

  // Method shorthand: no `prototype`, name "toString", length 0, like the native.
  const replacement = {
    toString(this: unknown): string {
      const native = apply(wmGet, standIns, [this]);
      return apply(nativeToString, native ?? this, []) as string;
    },
  }.toString;

  const disguise = (fake: object, native: object): void => void apply(wmSet, standIns, [fake, native]);
  disguise(replacement, nativeToString);
  const desc = Object.getOwnPropertyDescriptor(FunctionProto, 'toString');
  Object.defineProperty(FunctionProto, 'toString', { ...desc, value: replacement });
  return { disguise };
}
