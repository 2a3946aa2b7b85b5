/**
 * Debugger mode, per tab (Chrome; the tab's `debugger` option): while on,
 * the shell keeps chrome.debugger attached to the tab (Network domain, and
 * auto-attach for its workers) and feeds every CDP event here; the events
 * are translated (src/debugger/cdp-sockets.ts) and merged into the tab's
 * store (src/debugger/cdp-merge.ts) on the tab's chain. Turning it off
 * detaches. Chrome ending the session (the yellow bar's Cancel, the tab
 * closing) turns the option off with the reason, which panels show.
 */
import type { ConnectionRecord } from '../model/records';
import type { DebuggerOffReason } from '../messaging/protocol';
import type { TabEntries } from './tab-entries';
import type { Capture } from './capture';
import type { Delta } from '../store/tab-store';
import { DebuggerMerge, GRACE_MS } from '../debugger/cdp-merge';
import { mergeDelta } from '../debugger/delta';
import { translateCdp, type CdpSocketEvent } from '../debugger/cdp-sockets';

/** The browser side (extension/background/debugger.ts); absent where the browser has no debugger API (Firefox). */
export interface DebuggerControl {
  /** Attaches to the tab; resolves to null, or to what went wrong. */
  attach(tabId: number): Promise<string | null>;
  detach(tabId: number): Promise<void>;
}

export function createDebuggerMode(tabs: TabEntries, capture: Capture, control: DebuggerControl | undefined, graceMs = GRACE_MS) {
  const merges = new Map<number, DebuggerMerge>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const queues = new Map<number, CdpSocketEvent[]>();
  let attachments = 0;

  const fresh = (tabId: number): DebuggerMerge => {
    const m = new DebuggerMerge(`cdp${Date.now().toString(36)}.${++attachments}`);
    merges.set(tabId, m);
    return m;
  };
  const stop = (tabId: number): void => {
    merges.delete(tabId);
    clearTimeout(timers.get(tabId));
    timers.delete(tabId);
  };
  const turnOff = (tabId: number, reason: DebuggerOffReason): Promise<void> => {
    stop(tabId);
    return capture.setOptions(tabId, { debugger: false, debuggerOff: reason });
  };

  /** Sockets waiting for their hook connection, or for a webRequest handshake: looked at again after the grace time. */
  function schedule(tabId: number, m: DebuggerMerge): void {
    if (timers.has(tabId) || !m.waiting) return;
    timers.set(
      tabId,
      setTimeout(() => {
        timers.delete(tabId);
        if (merges.get(tabId) !== m) return;
        void capture.changeTab(tabId, (store) => m.settle(store, Date.now())).then(() => schedule(tabId, m));
      }, graceMs),
    );
  }

  return {
    /** The option changed (capture.setOptions stored it): attach or detach. */
    async changed(tabId: number): Promise<void> {
      const on = await tabs.withTab(tabId, (store) => store.options.debugger === true);
      if (!on) {
        const was = merges.has(tabId);
        stop(tabId);
        if (was) await control?.detach(tabId);
        return;
      }
      if (merges.has(tabId)) return;
      if (!control) return turnOff(tabId, 'attach failed: this browser has no debugger API');
      fresh(tabId);
      const error = await control.attach(tabId);
      if (error !== null) await turnOff(tabId, `attach failed: ${error}`);
    },

    /**
     * One CDP event of the tab (`session`: a child session of an auto-attached worker, else undefined). Events
     * queue per tab and are applied and saved together in one step of the tab's chain (one commit per group,
     * not per frame, as relay batches are).
     */
    event(tabId: number, method: unknown, params: unknown, session: unknown): void {
      const ev = translateCdp(method, params, session);
      if (!ev || !tabs.peek(tabId)) return;
      const queue = queues.get(tabId);
      if (queue) return void queue.push(ev);
      queues.set(tabId, [ev]);
      void capture.changeTab(tabId, (store) => {
        const events = queues.get(tabId) ?? [];
        queues.delete(tabId);
        if (store.options.debugger !== true) return null; // events still on their way after "off"
        const m = merges.get(tabId) ?? fresh(tabId); // after a background restart the attachment outlives us
        const delta: Delta = { messages: [], connections: [] };
        const now = Date.now();
        for (const e of events) mergeDelta(delta, m.apply(store, e, now));
        schedule(tabId, m);
        return delta;
      });
    },

    /** Chrome ended the session: the yellow bar's Cancel (`canceled_by_user`) or the tab went (`target_closed`). */
    detached(tabId: number, reason: string): Promise<void> {
      if (!tabs.peek(tabId)) return Promise.resolve(stop(tabId));
      return turnOff(tabId, reason === 'canceled_by_user' ? 'canceled_by_user' : 'target_closed');
    },

    /** webRequest changed these connections: CDP's fuller handshake goes back on top (same chain step). */
    handshakeJoined(tabId: number, conns: ConnectionRecord[]): void {
      merges.get(tabId)?.refresh(conns);
    },

    forget: stop,
  };
}
