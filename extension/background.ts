/**
 * Background: the per-tab router and store. Thin shell: listeners are
 * registered synchronously at start-up (an MV3 worker is woken by them), and
 * dispatch goes through one handler per port role.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  PANEL_PORT,
  PROTOCOL_VERSION,
  RELAY_PORT,
  isCommandRequest,
  isCommandResponse,
  isHoldNotice,
  isPanelToBackground,
  isRelayToBackground,
  isRuntimeRequest,
  type BackgroundToPanel,
  type BackgroundToRelay,
  type PanelReply,
  type RelayReply,
  type RuntimeRequest,
} from '../src/messaging/protocol';
import { addCommandPanel, forgetTabCommands, onRelayReply, registerRelay, runCommand, unregisterRelay, type RelayLink } from './background/commands';
import { debug } from '../src/debug';
import { watchHandshakes } from './background/web-request';
import { clearTab, forgetTab, navigated, noteTopUrl, receiveBatch, receiveHandshake, setOptions, subscribePanel, withTab } from './background/tabs';
import { storedTabIds } from './background/persist';

const extensionOrigin = browser.runtime.getURL('');
const fromExtensionPage = (sender: Runtime.MessageSender | undefined): boolean => Boolean(sender?.url?.startsWith(extensionOrigin));

/** Tabs with data: those stored before a restart, and those seen since. */
const tabsWithData = new Set<number>();
const ready = storedTabIds().then(async (ids) => {
  const open = new Set((await browser.tabs.query({})).map((t) => t.id));
  for (const id of ids) {
    if (open.has(id)) tabsWithData.add(id);
    else await forgetTab(id); // closed while we were not running
  }
});

function onRelayPort(port: Runtime.Port): void {
  const tabId = port.sender?.tab?.id;
  const frameId = port.sender?.frameId ?? 0;
  if (tabId === undefined || fromExtensionPage(port.sender)) return port.disconnect();
  tabsWithData.add(tabId);
  // The tab's URL even when only a subframe has sockets (host permissions make it visible).
  const tabUrl = port.sender?.tab?.url;
  if (tabUrl) noteTopUrl(tabId, tabUrl);
  let relayId: string | undefined;
  let link: RelayLink | undefined;
  port.onDisconnect.addListener(() => link && unregisterRelay(link));
  port.onMessage.addListener((msg: unknown) => {
    if (isCommandResponse(msg) || isHoldNotice(msg)) return link && onRelayReply(link, msg as RelayReply);
    if (!isRelayToBackground(msg)) return debug('relay sent something unexpected', msg);
    if (msg.type === 'hello') {
      relayId = msg.relayId;
      link ??= registerRelay(tabId, frameId, (m) => port.postMessage(m));
      if (msg.isTop && frameId === 0 && !tabUrl) noteTopUrl(tabId, msg.frameUrl);
      return;
    }
    if (!relayId) return debug('batch before hello');
    const seq = msg.seq;
    receiveBatch(tabId, {
      relayId, seq, frameId, events: msg.events,
      ack: () => {
        try {
          port.postMessage({ type: 'ack', seq } satisfies BackgroundToRelay);
        } catch {
          // The relay's document is gone, or it reconnected: it resends, and the duplicate is recognised by seq.
          debug('ack to a closed relay port', seq);
        }
      },
    });
  });
}

function onPanelPort(port: Runtime.Port): void {
  if (!fromExtensionPage(port.sender)) return port.disconnect();
  let unsubscribe: (() => void) | undefined;
  let leaveCommands: (() => void) | undefined;
  let tabId: number | undefined;
  const sink = (m: BackgroundToPanel | PanelReply) => {
    try {
      port.postMessage(m);
    } catch {
      debug('post to a closed panel port', m.type);
    }
  };
  port.onMessage.addListener((msg: unknown) => {
    if (isCommandRequest(msg)) {
      // Only for the tab this panel subscribed to; the connection must belong to it.
      const id = msg.id;
      const answer = (r: Parameters<Parameters<typeof runCommand>[2]>[0]) => sink({ type: 'commandResult', id, ...r });
      if (tabId === undefined) return answer({ ok: false, error: { code: 'BAD_COMMAND', message: 'subscribe to a tab first' } });
      const t = tabId;
      void runCommand(t, msg.command, answer, (conn) => withTab(t, (s) => s.connections.get(conn)?.frameId)).catch((e: unknown) =>
        answer({ ok: false, error: { code: 'NO_PAGE', message: e instanceof Error ? e.message : String(e) } }),
      );
      return;
    }
    if (!isPanelToBackground(msg)) return debug('panel sent something unexpected', msg);
    if (msg.type === 'subscribe') {
      if (msg.v !== PROTOCOL_VERSION) debug('panel protocol version', msg.v);
      unsubscribe?.();
      leaveCommands?.();
      tabId = msg.tabId;
      const t = msg.tabId;
      void subscribePanel(msg.tabId, sink).then((u) => {
        unsubscribe = u;
        leaveCommands = addCommandPanel(t, sink);
      });
    } else if (tabId === undefined) {
      debug('panel command before subscribe', msg);
    } else if (msg.type === 'clear') void clearTab(tabId);
    else if (msg.type === 'setOptions') void setOptions(tabId, msg.options);
  });
  port.onDisconnect.addListener(() => {
    unsubscribe?.();
    leaveCommands?.();
  });
}

const portHandlers: Record<string, (port: Runtime.Port) => void> = { [RELAY_PORT]: onRelayPort, [PANEL_PORT]: onPanelPort };
browser.runtime.onConnect.addListener((port) => {
  const handler = portHandlers[port.name];
  if (handler) handler(port);
  else port.disconnect();
});

async function answer(request: RuntimeRequest): Promise<unknown> {
  await ready;
  switch (request.type) {
    case 'findTab': {
      for (const tabId of tabsWithData) {
        const url = await withTab(tabId, (s) => s.pageUrl);
        if (url.includes(request.urlContains)) return { ok: true, tabId };
      }
      return { ok: true, tabId: null };
    }
    case 'tabStats':
      return { ok: true, stats: tabsWithData.has(request.tabId) ? await withTab(request.tabId, (s) => ({ ...s.stats })) : null };
    case 'dumpTab':
      if (!tabsWithData.has(request.tabId)) return { ok: true, dump: null };
      return {
        ok: true,
        dump: await withTab(request.tabId, (s) => ({ tabId: s.tabId, pageUrl: s.pageUrl, options: s.options, stats: s.stats, connections: [...s.connections.values()], messages: s.allMessages() })),
      };
  }
}

browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => {
  if (!fromExtensionPage(sender)) return undefined; // pages and content scripts get nothing
  if (!isRuntimeRequest(msg)) return Promise.resolve({ ok: false, error: 'unknown request' });
  return answer(msg).catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
});

watchHandshakes((tabId, update) => {
  tabsWithData.add(tabId);
  receiveHandshake(tabId, update);
});

browser.webNavigation.onCommitted.addListener((d) => {
  if (d.frameId !== 0) return;
  void ready.then(() => {
    if (tabsWithData.has(d.tabId)) void navigated(d.tabId, d.url, d.timeStamp);
  });
});

browser.tabs.onRemoved.addListener((tabId) => {
  tabsWithData.delete(tabId);
  forgetTabCommands(tabId);
  void forgetTab(tabId);
});

// A browser restart renumbers tabs: what was stored belongs to tabs that no longer exist.
browser.runtime.onStartup.addListener(() => {
  void ready.then(async () => {
    for (const id of await storedTabIds()) await forgetTab(id);
    tabsWithData.clear();
  });
});
