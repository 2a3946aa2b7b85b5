/**
 * The private channel between the page hook and the relay, against a page
 * that patches every prototype the channel could go through AFTER the hook
 * was installed (as a page script would): traffic still flows, only through
 * our port, and none of the page's functions sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openHookChannel } from '../../../src/hook/channel';
import { acceptHookLink } from '../../../src/relay/hook-link';
import type { HandshakeWindow } from '../../../src/relay/hook-link';
import { HANDSHAKE_TAG } from '../../../src/messaging/protocol';
import type { CommandRequest, HookToRelay } from '../../../src/messaging/protocol';

/** A window: EventTarget + postMessage that delivers a MessageEvent (source = the window, ports from the transfer list). */
class FakeWindow extends EventTarget {
  MessageChannel = MessageChannel;
  MessagePort = MessagePort;
  MessageEvent = MessageEvent;
  EventTarget = EventTarget;
  Event = Event;
  ArrayBuffer = ArrayBuffer;
  Blob = Blob;
  Promise = Promise;
  postMessage(data: unknown, _origin: string, transfer: unknown[] = []): void {
    setTimeout(() => {
      const ev = new MessageEvent('message', { data, ports: transfer.filter((t): t is MessagePort => t instanceof MessagePort) });
      Object.defineProperty(ev, 'source', { value: this });
      this.dispatchEvent(ev);
    }, 0);
  }
}

type Patch = () => void;
const restores: Patch[] = [];
/** Replaces a property the way a page script would, records who called it, and lets the call through. */
function spyOn(target: object, key: string, calls: unknown[][]): void {
  const own = Object.getOwnPropertyDescriptor(target, key);
  const original = (target as Record<string, (...a: unknown[]) => unknown>)[key] as (...a: unknown[]) => unknown;
  const apply = Reflect.apply;
  Object.defineProperty(target, key, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      calls.push([
        key,
        ...args.map((a) => (typeof a === 'object' && a !== null && 'type' in a ? (a as { type: unknown }).type : typeof a)),
      ]);
      return apply(original, this, args);
    },
  });
  restores.push(() => (own ? Object.defineProperty(target, key, own) : delete (target as Record<string, unknown>)[key]));
}
afterEach(() => {
  for (const r of restores.splice(0).reverse()) r();
});

/** The relay's view of the window: bound before the page runs (in a browser the relay lives in another world). */
const relayView = (win: FakeWindow): HandshakeWindow => ({
  addEventListener: EventTarget.prototype.addEventListener.bind(win) as HandshakeWindow['addEventListener'],
  postMessage: win.postMessage.bind(win) as HandshakeWindow['postMessage'],
});

function setUp() {
  const win = new FakeWindow();
  const commands: CommandRequest[] = [];
  const atRelay: HookToRelay[] = [];
  const hook = openHookChannel(win as unknown as typeof globalThis, (c) => commands.push(c));
  const relay = acceptHookLink(relayView(win), win, (m) => atRelay.push(m));
  return { win, hook, relay, commands, atRelay };
}

const batch = (conn: string, bytes?: ArrayBuffer): HookToRelay => ({
  type: 'batch',
  events: [
    bytes
      ? { k: 'message', conn, t: 1, dir: 'out', opcode: 2, bytes, size: bytes.byteLength }
      : { k: 'create', conn, t: 1, url: 'ws://x/', protocols: [], frameUrl: 'http://x/' },
  ],
});

describe('hook ⇄ relay private channel', () => {
  it('delivers batches (bytes transferred) and commands when the page patched every prototype after install', async () => {
    const { win, hook, relay, commands, atRelay } = setUp();
    hook.post(batch('a:1')); // before the relay answered: held, then flushed in order
    await expect.poll(() => atRelay.length).toBe(1);

    const seen: unknown[][] = [];
    spyOn(MessagePort.prototype, 'postMessage', seen);
    spyOn(EventTarget.prototype, 'addEventListener', seen);
    spyOn(EventTarget.prototype, 'dispatchEvent', seen);
    spyOn(Event.prototype, 'stopImmediatePropagation', seen);
    spyOn(win, 'postMessage', seen);
    const OriginalChannel = globalThis.MessageChannel;
    win.MessageChannel = class extends OriginalChannel {
      constructor() {
        super();
        seen.push(['MessageChannel']);
      }
    };

    const bytes = new Uint8Array([0, 255, 7]).buffer;
    hook.post(batch('a:1', bytes));
    expect(bytes.byteLength).toBe(0); // transferred (the hook's private copy), not cloned
    expect(relay.post({ type: 'command', id: 7, command: { op: 'reopen', conn: 'a:1' } })).toBe(true);
    await expect.poll(() => atRelay.length).toBe(2);
    await expect.poll(() => commands.length).toBe(1);
    const got = atRelay[1];
    expect(got?.type === 'batch' && got.events[0]?.k === 'message' && [...new Uint8Array(got.events[0].bytes as ArrayBuffer)]).toEqual([
      0, 255, 7,
    ]);
    expect(commands[0]).toEqual({ type: 'command', id: 7, command: { op: 'reopen', conn: 'a:1' } });
    expect(seen).toEqual([]);
  });

  it('ignores a forged relay-ready and a forged hook-hello: the page never gets a port that carries our traffic', async () => {
    const { win, hook, atRelay } = setUp();
    hook.post(batch('a:1'));
    await expect.poll(() => atRelay.length).toBe(1);
    const pageGot: unknown[] = [];
    win.addEventListener('message', (ev) => pageGot.push((ev as MessageEvent).data));
    // A page script: a fake relay announcing itself, and a fake hook offering its own port.
    const forged = new MessageChannel();
    forged.port1.onmessage = (ev) => pageGot.push(ev.data);
    win.postMessage({ [HANDSHAKE_TAG]: 'relay-ready' }, '*');
    win.postMessage({ [HANDSHAKE_TAG]: 'hook-hello' }, '*', [forged.port2]);
    hook.post(batch('a:2'));
    await expect.poll(() => atRelay.length).toBe(2);
    await new Promise((r) => setTimeout(r, 20)); // let any stray window message land before checking nothing did
    expect(pageGot).toEqual([]); // handshakes stopped before page listeners; nothing on the forged port
    forged.port1.close();
  });

  it('a relay that starts late still gets a fresh port, offered through the captured originals', async () => {
    const win = new FakeWindow();
    const atRelay: HookToRelay[] = [];
    const view = relayView(win);
    const hook = openHookChannel(win as unknown as typeof globalThis);
    hook.post(batch('a:1'));
    await new Promise((r) => setTimeout(r, 5)); // the hook's hello went unanswered: no relay yet
    const seen: unknown[][] = [];
    spyOn(MessagePort.prototype, 'postMessage', seen);
    spyOn(win, 'postMessage', seen);
    const OriginalChannel = globalThis.MessageChannel;
    win.MessageChannel = class extends OriginalChannel {
      constructor() {
        super();
        seen.push(['MessageChannel']);
      }
    };
    acceptHookLink(view, win, (m) => atRelay.push(m));
    await expect.poll(() => atRelay.length).toBe(1);
    // Only the relay's own `ready` went through the patched port method here (in a browser the relay lives in another world).
    expect(seen).toEqual([['postMessage', 'ready']]);
  });

  it("transfers a batch's ArrayBuffers and passes its Blobs by reference (a Blob in the transfer list would lose the batch)", async () => {
    const { hook, atRelay } = setUp();
    const bytes = new Uint8Array([1, 2]).buffer;
    const blob = new Blob([new Uint8Array([3])]);
    hook.post({
      type: 'batch',
      events: [
        { k: 'message', conn: 'a:1', t: 1, dir: 'in', opcode: 2, bytes: blob, size: 1, carrier: 'Blob' },
        { k: 'message', conn: 'a:1', t: 2, dir: 'in', opcode: 2, bytes, size: 2, carrier: 'ArrayBuffer' },
      ],
    });
    await expect.poll(() => atRelay.length).toBe(1);
    expect(bytes.byteLength).toBe(0);
    const got = atRelay[0];
    const kinds = got?.type === 'batch' ? got.events.map((e) => (e.k === 'message' ? Object.prototype.toString.call(e.bytes) : e.k)) : [];
    expect(kinds).toEqual(['[object Blob]', '[object ArrayBuffer]']);
  });
});
