/**
 * The relay's half of the window handshake (mirror of src/hook/channel.ts).
 * The hook posts one window message carrying a private MessagePort; the
 * relay's listener, registered first (the relay is listed first in the
 * manifest), takes the first such port, stops the message before any page
 * listener sees it, and answers `ready` on the port. Every later
 * `hook-hello` (the page can forge one, with a port of its own) is stopped
 * and ignored. If the relay started after the hook, its `relay-ready` makes
 * the hook offer a fresh port.
 *
 * Pure: the window is structural, so tests drive it with a fake window.
 */
import { HANDSHAKE_TAG, handshakeKind, isHookToRelay } from '../messaging/protocol';
import type { HookToRelay, RelayToHook, WindowHandshake } from '../messaging/protocol';

export interface HandshakeWindow {
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void, capture: boolean): void;
  postMessage(message: WindowHandshake, targetOrigin: string): void;
}

export interface HookLink {
  /** Posts to the hook; false while no hook port was taken (the caller answers NO_PAGE). */
  post(message: RelayToHook): boolean;
}

/**
 * `self` is the window the hook lives in: a hello from another window (a
 * child frame posting to its parent) is not ours. `onMessage` gets only
 * messages that pass the protocol's guard; `onUnexpected` the rest.
 */
export function acceptHookLink(
  win: HandshakeWindow,
  self: unknown,
  onMessage: (m: HookToRelay) => void,
  onUnexpected?: (x: unknown) => void,
): HookLink {
  let post: ((m: RelayToHook) => void) | undefined;
  win.addEventListener(
    'message',
    (ev: MessageEvent) => {
      if (ev.source !== self || handshakeKind(ev.data) !== 'hook-hello') return;
      ev.stopImmediatePropagation(); // page listeners never see the handshake
      const offered = ev.ports[0];
      if (post || !offered) return; // only the first hello, posted before any page script could run
      offered.onmessage = (m: MessageEvent) => (isHookToRelay(m.data) ? onMessage(m.data) : onUnexpected?.(m.data));
      post = offered.postMessage.bind(offered) as (m: RelayToHook) => void;
      post({ type: 'ready' });
    },
    true,
  );
  win.postMessage({ [HANDSHAKE_TAG]: 'relay-ready' }, '*');
  return {
    post(message) {
      if (!post) return false;
      post(message);
      return true;
    },
  };
}
