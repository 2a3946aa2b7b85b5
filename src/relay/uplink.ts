/**
 * The relay's link to the background: connects lazily (a page without
 * WebSockets never wakes the background), numbers capture batches and keeps
 * them until the background acknowledges them after storing (Outbox), sends
 * everything unacknowledged again after a lost port, and backs off only when
 * reconnecting fails over and over (a broken background, not one worker
 * restart). Command answers and hold notices go on the same port, in order
 * with the batches; commands from the background go to `onCommand`.
 *
 * Written against MessageAdapter: the extension wires a runtime port
 * (portAdapter), tests an in-memory pair.
 */
import type { MessageAdapter } from '../messaging/adapter';
import { isCaptureEvent } from '../messaging/protocol';
import type {
  BackgroundToRelay,
  BackgroundToRelayCommand,
  CommandRequest,
  RelayReply,
  RelayToBackground,
  WireEvent,
} from '../messaging/protocol';
import { guardRun, toWireEvent } from './convert';
import { isTextRun } from '../messaging/text-run';
import type { BatchItem } from '../messaging/text-run-shape';
import { Outbox } from './outbox';

export type UplinkPort = MessageAdapter<BackgroundToRelay | BackgroundToRelayCommand, RelayToBackground | RelayReply>;
type Hello = Extract<RelayToBackground, { type: 'hello' }>;

export interface UplinkEnv {
  /** Opens a port to the background; throws when the extension is gone (reloaded or removed). */
  connect(): UplinkPort;
  hello(reconnect: boolean): Hello;
  setTimeout(fn: () => void, ms: number): void;
  onCommand(request: CommandRequest): void;
  maxMessageBytes: number;
  log?(...args: unknown[]): void;
}

export interface Uplink {
  /** A capture batch from the hook (untrusted shapes are skipped and logged). */
  batch(events: readonly unknown[]): void;
  /** A command answer or hold notice from the hook. */
  reply(reply: RelayReply): void;
  /** Batches not yet acknowledged (diagnostics, tests). */
  readonly unacknowledged: number;
}

const MAX_RETRY_MS = 2000;

export function createUplink(env: UplinkEnv): Uplink {
  const outbox = new Outbox();
  let port: UplinkPort | undefined;
  let connectedOnce = false;
  let retryDelay = 0;
  let retryPending = false;

  const lose = (p: UplinkPort, delay: number): void => {
    if (port !== p) return;
    port = undefined;
    if (retryPending) return;
    retryPending = true;
    env.setTimeout(() => {
      retryPending = false;
      if (!port) connect();
    }, delay);
  };

  /** Posts; a port that died in between throws, and then we reconnect (which resends). */
  const send = (p: UplinkPort, message: RelayToBackground | RelayReply): void => {
    try {
      p.postMessage(message);
    } catch (e) {
      env.log?.('relay: post failed, reconnecting', e);
      lose(p, 0);
    }
  };

  const connect = (): void => {
    let p: UplinkPort;
    try {
      p = env.connect();
    } catch (e) {
      // The extension was reloaded or removed: this document's relay can never deliver again, so it keeps nothing.
      env.log?.('relay: cannot connect (extension reloaded or removed)', e);
      outbox.orphan();
      return;
    }
    port = p;
    p.addListener((msg) => {
      if (msg.type === 'ack') {
        outbox.ack(msg.seq);
        retryDelay = 0;
      } else env.onCommand(msg);
    });
    p.onDisconnect(() => {
      env.log?.('relay: port lost, resending', outbox.size, 'batches');
      const delay = retryDelay;
      retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2 + 50);
      lose(p, delay);
    });
    send(p, env.hello(connectedOnce));
    connectedOnce = true;
    for (const item of outbox.unacknowledged()) send(p, { type: 'batch', seq: item.seq, events: item.payload });
  };

  return {
    batch(events) {
      const wire: Array<BatchItem<WireEvent>> = [];
      for (const event of events) {
        if (isCaptureEvent(event)) wire.push(toWireEvent(event as WireEvent, env.maxMessageBytes));
        else if (isTextRun(event)) for (const item of guardRun(event, env.maxMessageBytes)) wire.push(item);
        else env.log?.('relay: malformed event from the hook', event);
      }
      const item = outbox.add(wire);
      if (outbox.orphaned) return;
      if (!port)
        connect(); // sends everything unacknowledged, this batch included
      else send(port, { type: 'batch', seq: item.seq, events: item.payload });
    },
    reply(reply) {
      if (!port && !outbox.orphaned) connect();
      if (port) send(port, reply);
    },
    get unacknowledged() {
      return outbox.size;
    },
  };
}
