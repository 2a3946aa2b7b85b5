/**
 * The hook side of the private channel to the content relay. Page scripts
 * must not see our traffic (they may listen to every window `message`), so
 * only one window message carries a MessagePort to the relay; everything else
 * goes over that port. The relay registers its window listener first (it is
 * listed first in the manifest, both run at document_start before any page
 * script) and stops the handshake from propagating to page listeners.
 *
 * Robust to either start order: if the relay missed our hello it announces
 * itself (`relay-ready`) and we offer a fresh port; we use whichever port the
 * relay answers first and hold batches until then.
 *
 * Two-way: after `ready`, the relay sends commands on the same port, and
 * only there; nothing the page posts on window can reach `onCommand`.
 */
import { HANDSHAKE_TAG, isCommandRequest, type HookReply, type HookToRelay, type RelayToHook } from '../messaging/protocol';

export interface HookChannel {
  post(message: HookToRelay | HookReply, transfer: Transferable[]): void;
}

export function openHookChannel(win: typeof globalThis, onCommand?: (request: RelayToHook) => void): HookChannel {
  const post = win.postMessage.bind(win) as (m: unknown, target: string, transfer: Transferable[]) => void;
  const held: Array<[HookToRelay | HookReply, Transferable[]]> = [];
  let active: MessagePort | undefined;

  const offerPort = (): void => {
    const channel = new win.MessageChannel();
    const mine = channel.port1;
    mine.onmessage = (ev: MessageEvent) => {
      if (active === mine && isCommandRequest(ev.data)) return onCommand?.(ev.data as RelayToHook);
      if (active || (ev.data as { type?: unknown } | null)?.type !== 'ready') return;
      active = mine;
      for (const [message, transfer] of held) mine.postMessage(message, transfer);
      held.length = 0;
    };
    post({ [HANDSHAKE_TAG]: 'hook-hello' }, '*', [channel.port2]);
  };

  win.addEventListener(
    'message',
    (ev: MessageEvent) => {
      if ((ev.source as unknown) !== win || (ev.data as Record<string, unknown> | null)?.[HANDSHAKE_TAG] !== 'relay-ready') return;
      ev.stopImmediatePropagation();
      if (!active) offerPort();
    },
    true,
  );
  offerPort();

  return {
    post(message, transfer) {
      if (active) active.postMessage(message, transfer);
      else held[held.length] = [message, transfer];
    },
  };
}
