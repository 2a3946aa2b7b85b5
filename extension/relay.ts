/**
 * Content relay: isolated world, document_start, every frame. Takes the
 * hook's private port, turns batches into JSON-safe wire events and delivers
 * them to the background with numbered, acknowledged, resent-on-reconnect
 * batches (src/relay/outbox.ts).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  HANDSHAKE_TAG,
  PROTOCOL_VERSION,
  RELAY_PORT,
  isBackgroundToRelay,
  isCaptureEvent,
  isCommandRequest,
  isCommandResponse,
  isHoldNotice,
  isHookToRelay,
  type CommandRequest,
  type RelayToBackground,
  type RelayReply,
  type WireEvent,
} from '../src/messaging/protocol';
import { toHookCommand, toWireNotice } from '../src/relay/commands';
import { Outbox } from '../src/relay/outbox';
import { toWireEvent } from '../src/relay/convert';
import { DEFAULT_LIMITS } from '../src/store/limits';
import { debug } from '../src/debug';

const relayId = Math.random().toString(36).slice(2, 12);
const outbox = new Outbox<WireEvent[]>();
let port: Runtime.Port | undefined;
let connectedOnce = false;
let retryDelay = 0;

function connect(): void {
  try {
    port = browser.runtime.connect({ name: RELAY_PORT });
  } catch (e) {
    // The extension was reloaded or removed: this document's relay is orphaned.
    debug('relay: cannot connect', e);
    port = undefined;
    return;
  }
  const p = port;
  send(p, { type: 'hello', v: PROTOCOL_VERSION, relayId, frameUrl: location.href, isTop: window === window.top, reconnect: connectedOnce });
  connectedOnce = true;
  for (const item of outbox.unacknowledged()) send(p, { type: 'batch', seq: item.seq, events: item.payload });
  p.onMessage.addListener((msg: unknown) => {
    if (isBackgroundToRelay(msg)) {
      outbox.ack(msg.seq);
      retryDelay = 0;
    } else if (isCommandRequest(msg)) {
      runCommand(p, msg as CommandRequest);
    }
  });
  p.onDisconnect.addListener(() => {
    debug('relay: port lost, resending', outbox.size, 'batches');
    port = undefined;
    // Back off only when reconnecting fails over and over (a broken background), not on a single worker restart.
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(2000, retryDelay * 2 + 50);
  });
}

/**
 * Commands come only from our runtime port (the background checked the panel
 * and the tab); they go to the hook only over the private MessagePort.
 */
function runCommand(p: Runtime.Port, request: CommandRequest): void {
  const answer = (reply: RelayReply) => send(p, reply);
  if (!hookPort) return answer({ type: 'commandResult', id: request.id, ok: false, error: { code: 'NO_PAGE', message: 'the page hook of this frame is not connected' } });
  const converted = toHookCommand(request.command);
  if (!converted.ok) return answer({ type: 'commandResult', id: request.id, ok: false, error: converted.error });
  hookPort.postMessage({ type: 'command', id: request.id, command: converted.command }, converted.transfer);
}

/** Replies and hold notices from the hook, in order with the capture batches. */
function onHookReply(reply: unknown): void {
  chain = chain.then(async () => {
    const wire: RelayReply = isCommandResponse(reply) ? reply : await toWireNotice(reply as Parameters<typeof toWireNotice>[0]);
    if (!port) connect();
    if (port) send(port, wire);
  });
}

/** Posts on the port; a port that died in between throws, and then we reconnect (which resends). */
function send(p: Runtime.Port, message: RelayToBackground | RelayReply): void {
  try {
    p.postMessage(message);
  } catch (e) {
    debug('relay: post failed, reconnecting', e);
    if (port === p) {
      port = undefined;
      setTimeout(connect, 0);
    }
  }
}

// Batches are converted one after another so their order is kept even when a Blob must be read.
let chain: Promise<void> = Promise.resolve();
function onBatch(events: unknown[]): void {
  chain = chain.then(async () => {
    const wire: WireEvent[] = [];
    for (const event of events) {
      if (isCaptureEvent(event)) wire.push(toWireEvent(event as Parameters<typeof toWireEvent>[0], DEFAULT_LIMITS.maxMessageBytes));
      else debug('relay: malformed event from the hook', event);
    }
    const item = outbox.add(wire);
    if (!port) connect(); // connects lazily: a page without WebSockets never wakes the background
    else send(port, { type: 'batch', seq: item.seq, events: item.payload });
  });
  chain = chain.catch((e: unknown) => {
    // toWireEvent reports payload errors as values; anything reaching here is a bug: say it loudly, keep relaying.
    console.error('[sockscope] relay failed on a batch', e);
  });
}

let hookPort: MessagePort | undefined;
window.addEventListener(
  'message',
  (ev: MessageEvent) => {
    const data = ev.data as Record<string, unknown> | null;
    if (ev.source !== window || data?.[HANDSHAKE_TAG] !== 'hook-hello') return;
    ev.stopImmediatePropagation(); // page listeners never see the handshake
    const offered = ev.ports[0];
    if (hookPort || !offered) return; // only the first hello, posted before any page script could run
    hookPort = offered;
    hookPort.onmessage = (m: MessageEvent) => {
      if (isHookToRelay(m.data)) onBatch(m.data.events);
      else if (isCommandResponse(m.data) || isHoldNotice(m.data)) onHookReply(m.data);
      else debug('relay: unexpected message from the hook', m.data);
    };
    hookPort.postMessage({ type: 'ready' });
  },
  true,
);
window.postMessage({ [HANDSHAKE_TAG]: 'relay-ready' }, '*');
