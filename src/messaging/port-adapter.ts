/**
 * Wraps a runtime port (structurally typed, no browser import) as a
 * MessageAdapter: the seam that lets the panel run against a real port, an
 * in-memory pair or anything else.
 */
import type { MessageAdapter } from './adapter';

export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void; removeListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void; removeListener(fn: () => void): void };
}

export function portAdapter<In, Out>(port: PortLike, accept: (x: unknown) => x is In): MessageAdapter<In, Out> {
  return {
    postMessage: (m) => port.postMessage(m),
    addListener: (fn) => {
      const wrapped = (m: unknown) => {
        if (accept(m)) fn(m);
      };
      port.onMessage.addListener(wrapped);
      return () => port.onMessage.removeListener(wrapped);
    },
    onDisconnect: (fn) => {
      const wrapped = () => fn();
      port.onDisconnect.addListener(wrapped);
      return () => port.onDisconnect.removeListener(wrapped);
    },
    disconnect: () => port.disconnect(),
  };
}
