/**
 * The one transport seam: everything that carries messages between contexts
 * (a runtime port, a MessagePort, an in-memory pair in tests) is wrapped as a
 * MessageAdapter, so bridges and views never touch a browser API directly.
 */
export interface MessageAdapter<In, Out> {
  postMessage(message: Out): void;
  /** Returns a function that removes the listener. */
  addListener(listener: (message: In) => void): () => void;
  /** Called once when the other side goes away (port closed, worker stopped). */
  onDisconnect(listener: () => void): () => void;
  disconnect(): void;
}

/** Two connected in-memory adapters (tests, the inline panel shell). Delivery is async like a real port. */
export function createMemoryPair<A, B>(): [MessageAdapter<B, A>, MessageAdapter<A, B>] {
  const listeners: [Set<(m: B) => void>, Set<(m: A) => void>] = [new Set(), new Set()];
  const disconnects: [Set<() => void>, Set<() => void>] = [new Set(), new Set()];
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    queueMicrotask(() => {
      for (const set of disconnects) for (const fn of set) fn();
    });
  };
  const left: MessageAdapter<B, A> = {
    postMessage: (m) => {
      if (open) queueMicrotask(() => listeners[1].forEach((fn) => fn(structuredClone(m))));
    },
    addListener: (fn) => (listeners[0].add(fn), () => listeners[0].delete(fn)),
    onDisconnect: (fn) => (disconnects[0].add(fn), () => disconnects[0].delete(fn)),
    disconnect: close,
  };
  const right: MessageAdapter<A, B> = {
    postMessage: (m) => {
      if (open) queueMicrotask(() => listeners[0].forEach((fn) => fn(structuredClone(m))));
    },
    addListener: (fn) => (listeners[1].add(fn), () => listeners[1].delete(fn)),
    onDisconnect: (fn) => (disconnects[1].add(fn), () => disconnects[1].delete(fn)),
    disconnect: close,
  };
  return [left, right];
}
