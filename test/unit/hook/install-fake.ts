/**
 * A stand-in page for the hook: a WebSocket with native-like getters and
 * methods on the prototype, and a `Function` whose `prototype.toString`
 * prints like a browser's: registered natives as `function NAME() { [native
 * code] }`, a Proxy as `function () { [native code] }`, anything else as its
 * source, and a non-function `this` throws TypeError.
 */
import { types } from 'node:util';

export const nativeString = (name: string): string => `function ${name}() { [native code] }`;

export function fakeWindow() {
  class WebSocket extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    #url: string;
    #state = 0;
    #buffered = 0;
    sentLog: unknown[] = [];
    closeLog: unknown[][] = [];
    constructor(url: string, _protocols?: string | string[]) {
      super();
      if (url.startsWith('bad')) throw new SyntaxError('bad url');
      this.#url = url;
    }
    get url() {
      return this.#url;
    }
    get readyState() {
      return this.#state;
    }
    get protocol() {
      return 'chat';
    }
    get extensions() {
      return '';
    }
    get bufferedAmount() {
      return this.#buffered;
    }
    send(data: unknown) {
      if (this.#state === 0) throw new DOMException('still connecting', 'InvalidStateError');
      this.sentLog[this.sentLog.length] = data; // not push(): one test patches it
      this.#buffered += 1;
    }
    close(...args: unknown[]) {
      this.closeLog[this.closeLog.length] = args;
      const code = args[0] === undefined ? undefined : Number(args[0]);
      if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) throw new DOMException('bad code', 'InvalidAccessError');
      if (args[1] !== undefined) String(args[1]);
      this.#state = 2;
    }
    open() {
      this.#state = 1;
      this.dispatchEvent(new Event('open'));
    }
    receive(data: unknown) {
      this.dispatchEvent(new MessageEvent('message', { data }));
    }
    /** The socket closed (server or page): the browser fires close. */
    finish(code = 1000) {
      this.#state = 3;
      this.dispatchEvent(Object.assign(new Event('close'), { code, reason: '', wasClean: true }));
    }
  }
  const natives = new WeakSet<object>([WebSocket, WebSocket.prototype.send, WebSocket.prototype.close]);
  const sourceOf = Function.prototype.toString;
  const FunctionProto = {
    toString(this: unknown): string {
      if (typeof this !== 'function') throw new TypeError("Function.prototype.toString requires that 'this' be a Function");
      if (types.isProxy(this)) return 'function () { [native code] }';
      if (natives.has(this)) return nativeString((this as { name: string }).name);
      return sourceOf.call(this);
    },
  };
  natives.add(FunctionProto.toString);
  const win = {
    WebSocket,
    EventTarget,
    ArrayBuffer,
    Uint8Array,
    DataView,
    Blob,
    performance,
    WeakRef,
    FinalizationRegistry,
    Function: Object.assign(function Function() {}, { prototype: FunctionProto }),
    location: { href: 'http://page/' },
  };
  return { win: win as unknown as typeof globalThis, Native: WebSocket, toString: (x: unknown) => FunctionProto.toString.call(x) };
}

export type Fake = InstanceType<ReturnType<typeof fakeWindow>['Native']>;
