/**
 * One content relay's port, as the background sees it: hello, numbered
 * batches acknowledged once persisted, command answers and hold notices.
 * Written against MessageAdapter, so tests drive it over an in-memory pair.
 * Everything that arrives is untrusted (it comes from a page's frame) and
 * checked by the protocol's guards.
 */
import type { MessageAdapter } from '../messaging/adapter';
import type { BackgroundToRelay, BackgroundToRelayCommand, RelayReply } from '../messaging/protocol';
import type { RelayLink } from './command-router';
import type { Hub } from './hub';
import { isCommandResponse, isHoldNotice, isRelayToBackground } from '../messaging/protocol';
import { debug } from '../debug';
import { expandBatch } from '../messaging/text-run';

export type RelayPort = MessageAdapter<unknown, BackgroundToRelay | BackgroundToRelayCommand>;

/** Who is on the other end, from the browser's sender info (never from the page). */
export interface RelaySender {
  tabId: number;
  frameId: number;
  /** The tab's URL when the browser shows it (host permissions), even when only a subframe has sockets. */
  tabUrl?: string | undefined;
}

export function attachRelay(hub: Hub, port: RelayPort, { tabId, frameId, tabUrl }: RelaySender): void {
  hub.noteTab(tabId);
  if (tabUrl) void hub.noteTopUrl(tabId, tabUrl);
  let relayId: string | undefined;
  let link: RelayLink | undefined;
  port.onDisconnect(() => link && hub.unregisterRelay(link));
  port.addListener((msg) => {
    if (isCommandResponse(msg) || isHoldNotice(msg)) return link && hub.onRelayReply(link, msg as RelayReply);
    if (!isRelayToBackground(msg)) return debug('relay sent something unexpected', msg);
    if (msg.type === 'hello') {
      relayId = msg.relayId;
      link ??= hub.registerRelay(tabId, frameId, (m) => port.postMessage(m), msg.frameUrl, tabUrl);
      if (msg.isTop && frameId === 0 && !tabUrl) void hub.noteTopUrl(tabId, msg.frameUrl);
      return;
    }
    if (!relayId) return debug('batch before hello');
    const seq = msg.seq;
    const { events, errors } = expandBatch(msg.events); // runs of text messages become events here, before anything else
    if (errors.length) debug('relay sent text runs that do not add up', errors);
    hub.receiveBatch(tabId, {
      relayId,
      seq,
      frameId,
      events,
      ack: () => {
        try {
          port.postMessage({ type: 'ack', seq });
        } catch {
          // The relay's document is gone, or it reconnected: it resends, and the duplicate is recognised by seq.
          debug('ack to a closed relay port', seq);
        }
      },
    });
  });
}
