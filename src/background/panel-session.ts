/**
 * One panel's port, as the background sees it: subscribe to a tab (a reset,
 * chunked messages, then deltas and hold events), clear, options, and
 * commands for that tab only. The shell has checked that the port comes from
 * an extension page. Written against MessageAdapter (tests: in-memory pair).
 */
import type { MessageAdapter } from '../messaging/adapter';
import type { BackgroundToPanel, CommandError, CommandOutcome, PanelReply } from '../messaging/protocol';
import type { Hub } from './hub';
import { PROTOCOL_VERSION, isCommandRequest, isPanelToBackground } from '../messaging/protocol';
import { debug } from '../debug';

export type PanelPort = MessageAdapter<unknown, BackgroundToPanel | PanelReply>;

const refusal = (code: CommandError['code'], message: string): CommandOutcome => ({ ok: false, error: { code, message } });

export function attachPanel(hub: Hub, port: PanelPort): void {
  let tabId: number | undefined;
  let unsubscribe: (() => void) | undefined;
  let generation = 0;
  let closed = false;
  const sink = (m: BackgroundToPanel | PanelReply): void => {
    try {
      port.postMessage(m);
    } catch {
      debug('post to a closed panel port', m.type);
    }
  };
  port.addListener((msg) => {
    if (isCommandRequest(msg)) {
      const id = msg.id;
      const reply = (r: CommandOutcome): void => sink({ type: 'commandResult', id, ...r });
      // Only for the tab this panel subscribed to; the router checks the connection belongs to it.
      if (tabId === undefined) return reply(refusal('BAD_COMMAND', 'subscribe to a tab first'));
      void hub
        .runCommand(tabId, msg.command)
        .then(reply, (e: unknown) => reply(refusal('NO_PAGE', e instanceof Error ? e.message : String(e))));
      return;
    }
    if (!isPanelToBackground(msg)) return debug('panel sent something unexpected', msg);
    if (msg.type === 'subscribe') {
      if (msg.v !== PROTOCOL_VERSION) debug('panel protocol version', msg.v);
      unsubscribe?.();
      unsubscribe = undefined;
      tabId = msg.tabId;
      const mine = ++generation;
      void hub.subscribe(msg.tabId, sink).then((leave) => {
        // The panel went away or subscribed again while its snapshot was being sent.
        if (closed || mine !== generation) leave();
        else unsubscribe = leave;
      });
    } else if (tabId === undefined) {
      debug('panel command before subscribe', msg);
    } else if (msg.type === 'clear') void hub.clearTab(tabId);
    else if (msg.type === 'setOptions') void hub.setOptions(tabId, msg.options);
  });
  port.onDisconnect(() => {
    closed = true;
    unsubscribe?.();
    unsubscribe = undefined;
  });
}
