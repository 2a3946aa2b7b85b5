/**
 * The hook side of the private channel to the content relay. Page scripts
 * must not see our traffic (they may listen to every window `message`), so
 * only one window message carries a MessagePort to the relay; everything else
 * goes over that port. The relay registers its window listener first (it is
 * listed first in the manifest, both run at document_start before any page
 * script) and stops the handshake from propagating to page listeners.
 *
 * The page runs later in the same realm and may patch anything we would call
 * through a prototype (`MessagePort.prototype.postMessage` would hand it our
 * port and every batch; a replaced `MessageChannel` or `onmessage` setter
 * would let it forge or hide connections). So every function the channel uses
 * is captured here, at install time, and called as `apply(original, target,
 * args)`; nothing on the path goes through a live prototype, a page-realm
 * iterator, `instanceof`, `Symbol.toStringTag` or `Array.prototype.push`.
 *
 * Robust to either start order: if the relay missed our hello it announces
 * itself (`relay-ready`) and we offer a fresh port; we use whichever port the
 * relay answers first and hold messages until then. After `ready`, commands
 * arrive on the same port, and only there.
 */
import { HANDSHAKE_TAG, handshakeKind, isCommandRequest } from '../messaging/protocol';
import type { CommandRequest, HookToRelay, WindowHandshake } from '../messaging/protocol';

export interface HookChannel {
  /** Posts on the private port (held until the relay took it). Batches: their ArrayBuffers are transferred, not copied. */
  post(message: HookToRelay, transfer?: Transferable[]): void;
}

type Listener = (ev: MessageEvent) => void;
interface ChannelOriginals {
  apply: typeof Reflect.apply;
  MessageChannel: typeof MessageChannel;
  portPost: MessagePort['postMessage'];
  setOnMessage: (this: MessagePort, fn: Listener | null) => void;
  windowPost: (this: typeof globalThis, message: unknown, targetOrigin: string, transfer: Transferable[]) => void;
  addEventListener: EventTarget['addEventListener'];
  stopImmediatePropagation: Event['stopImmediatePropagation'];
  eventData: (this: MessageEvent) => unknown;
  brands: BinaryBrands;
}

/**
 * Binary checks the page cannot redirect: not `instanceof` (a page can define
 * `ArrayBuffer[Symbol.hasInstance]`) nor `Object.prototype.toString` (it reads
 * the configurable `Symbol.toStringTag`), but the captured brand-checking
 * getters (`byteLength`, `size` throw on anything else).
 */
export interface BinaryBrands {
  isArrayBuffer(x: unknown): x is ArrayBuffer;
  isBlob(x: unknown): x is Blob;
  /** Reads a Blob through the captured `arrayBuffer` and `then`. */
  read(blob: Blob, done: (bytes: ArrayBuffer) => void, failed: (e: unknown) => void): void;
}

export function captureBinaryBrands(win: typeof globalThis): BinaryBrands {
  const apply = Reflect.apply;
  const AB = win.ArrayBuffer ?? ArrayBuffer;
  const B = win.Blob ?? Blob;
  const byteLength = Object.getOwnPropertyDescriptor(AB.prototype, 'byteLength')?.get;
  const size = Object.getOwnPropertyDescriptor(B.prototype, 'size')?.get;
  if (!byteLength || !size) throw new Error('Sockscope hook: ArrayBuffer.byteLength or Blob.size is not an accessor');
  const arrayBuffer = B.prototype.arrayBuffer;
  const then = (win.Promise ?? Promise).prototype.then;
  const branded = (getter: () => unknown, x: unknown): boolean => {
    if (typeof x !== 'object' || x === null) return false;
    try {
      apply(getter, x, []);
      return true;
    } catch {
      return false;
    }
  };
  return {
    isArrayBuffer: (x): x is ArrayBuffer => branded(byteLength, x),
    isBlob: (x): x is Blob => branded(size, x),
    read: (blob, done, failed) => void apply(then, apply(arrayBuffer, blob, []), [done, failed]),
  };
}

function captureChannelOriginals(win: typeof globalThis): ChannelOriginals {
  const portProto = win.MessagePort.prototype;
  const setOnMessage = Object.getOwnPropertyDescriptor(portProto, 'onmessage')?.set;
  const eventData = Object.getOwnPropertyDescriptor(win.MessageEvent.prototype, 'data')?.get;
  if (!setOnMessage || !eventData) throw new Error('Sockscope hook: MessagePort.onmessage or MessageEvent.data is not an accessor');
  return {
    apply: Reflect.apply,
    MessageChannel: win.MessageChannel,
    portPost: portProto.postMessage,
    setOnMessage: setOnMessage as ChannelOriginals['setOnMessage'],
    windowPost: win.postMessage as unknown as ChannelOriginals['windowPost'],
    addEventListener: win.EventTarget.prototype.addEventListener,
    stopImmediatePropagation: win.Event.prototype.stopImmediatePropagation,
    eventData: eventData as ChannelOriginals['eventData'],
    brands: captureBinaryBrands(win),
  };
}

/** ArrayBuffers of a capture batch: the hook's private copies, moved to the relay rather than copied again. */
function batchTransfers(message: HookToRelay, o: ChannelOriginals): Transferable[] {
  const transfer: Transferable[] = [];
  if (message.type !== 'batch') return transfer;
  const events = message.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    // `carrier` is ours (set by the hook): a Blob is skipped without a brand check, whose throw costs microseconds.
    if (e !== undefined && e.k === 'message' && e.bytes !== undefined && e.carrier !== 'Blob' && o.brands.isArrayBuffer(e.bytes))
      transfer[transfer.length] = e.bytes;
  }
  return transfer;
}

export function openHookChannel(win: typeof globalThis, onCommand?: (request: CommandRequest) => void): HookChannel {
  const o = captureChannelOriginals(win);
  const held: Array<[HookToRelay, Transferable[]]> = [];
  let active: MessagePort | undefined;
  const postOn = (port: MessagePort, message: unknown, transfer: Transferable[]): void => o.apply(o.portPost, port, [message, transfer]);

  const offerPort = (): void => {
    const channel = new o.MessageChannel();
    const mine = channel.port1;
    o.apply(o.setOnMessage, mine, [
      (ev: MessageEvent) => {
        const data = o.apply(o.eventData, ev, []);
        if (active === mine) {
          if (isCommandRequest(data)) onCommand?.(data);
          return;
        }
        if (active || (data as { type?: unknown } | null)?.type !== 'ready') return;
        active = mine;
        for (let i = 0; i < held.length; i++) {
          const item = held[i] as [HookToRelay, Transferable[]]; // indexed, not destructured: no page-realm iterator
          postOn(mine, item[0], item[1]);
        }
        held.length = 0;
      },
    ]);
    const hello: WindowHandshake = { [HANDSHAKE_TAG]: 'hook-hello' };
    o.apply(o.windowPost, win, [hello, '*', [channel.port2]]);
  };

  // Not a security check: a forged `relay-ready` only makes us offer a port the relay (which took the first) ignores.
  o.apply(o.addEventListener, win, [
    'message',
    (ev: MessageEvent) => {
      if (handshakeKind(o.apply(o.eventData, ev, [])) !== 'relay-ready') return;
      o.apply(o.stopImmediatePropagation, ev, []);
      if (!active) offerPort();
    },
    true,
  ]);
  offerPort();

  return {
    post(message, transfer) {
      const moved = transfer ?? batchTransfers(message, o);
      if (active) postOn(active, message, moved);
      else held[held.length] = [message, moved];
    },
  };
}
