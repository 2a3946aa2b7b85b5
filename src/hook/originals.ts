/**
 * Everything the hook uses at run time, captured before any page script
 * runs: the page may later patch globals (Array.prototype.push, WeakMap,
 * WebSocket.prototype getters, timers…) and must not see or steer our calls.
 */
export interface Originals {
  apply: typeof Reflect.apply;
  construct: typeof Reflect.construct;
  addEventListener: EventTarget['addEventListener'];
  send: WebSocket['send'];
  close: WebSocket['close'];
  getUrl: () => string;
  getProtocol: () => string;
  getExtensions: () => string;
  getReadyState: () => number;
  getBufferedAmount: () => number;
  wmGet: (this: WeakMap<object, string>, key: object) => string | undefined;
  wmSet: (this: WeakMap<object, string>, key: object, value: string) => WeakMap<object, string>;
  now: () => number;
  timeOrigin: number;
  Blob: typeof Blob;
  isArray: (x: unknown) => x is unknown[];
  dispatchEvent: EventTarget['dispatchEvent'];
  stopImmediatePropagation: Event['stopImmediatePropagation'];
  MessageEvent: typeof MessageEvent;
  getBinaryType: () => BinaryType;
  WeakRef: WeakRefConstructor;
  deref: (this: WeakRef<WebSocket>) => WebSocket | undefined;
  FinalizationRegistry: FinalizationRegistryConstructor | undefined;
  URL: typeof URL;
}

function getter<T>(proto: object, name: string): () => T {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  const get = desc?.get;
  if (!get) throw new Error(`Sockscope hook: WebSocket.prototype.${name} has no getter`);
  return get as () => T;
}

export function captureOriginals(win: typeof globalThis): Originals {
  const proto = win.WebSocket.prototype;
  const perf = win.performance;
  return {
    apply: Reflect.apply,
    construct: Reflect.construct,
    addEventListener: win.EventTarget.prototype.addEventListener,
    send: proto.send,
    close: proto.close,
    getUrl: getter(proto, 'url'),
    getProtocol: getter(proto, 'protocol'),
    getExtensions: getter(proto, 'extensions'),
    getReadyState: getter(proto, 'readyState'),
    getBufferedAmount: getter(proto, 'bufferedAmount'),
    wmGet: WeakMap.prototype.get as Originals['wmGet'],
    wmSet: WeakMap.prototype.set as Originals['wmSet'],
    now: perf.now.bind(perf),
    timeOrigin: perf.timeOrigin,
    Blob: win.Blob,
    isArray: Array.isArray,
    // Used by commands only; `?? globalThis` keeps minimal test windows working.
    dispatchEvent: win.EventTarget.prototype.dispatchEvent,
    stopImmediatePropagation: (win.Event ?? Event).prototype.stopImmediatePropagation,
    MessageEvent: win.MessageEvent ?? MessageEvent,
    getBinaryType: (Object.getOwnPropertyDescriptor(proto, 'binaryType')?.get ?? (() => 'blob')) as () => BinaryType,
    WeakRef: win.WeakRef ?? WeakRef,
    deref: (win.WeakRef ?? WeakRef).prototype.deref as Originals['deref'],
    FinalizationRegistry: win.FinalizationRegistry,
    URL: win.URL ?? URL,
  };
}
