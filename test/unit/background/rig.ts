/**
 * Drives the pure background (src/background) the way the extension shell
 * does: relays and panels over in-memory adapter pairs, persistence in
 * memory (or any TabPersistence), with a gate to hold commits open.
 */
import { createMemoryPair } from '../../../src/messaging/adapter';
import {
  PROTOCOL_VERSION,
  type BackgroundToPanel,
  type BackgroundToRelay,
  type BackgroundToRelayCommand,
  type CommandRequest,
  type CaptureEvent,
  type PanelReply,
  type WireEvent,
} from '../../../src/messaging/protocol';
import { createHub, type Hub, type HubOptions } from '../../../src/background/hub';
import { attachRelay } from '../../../src/background/relay-session';
import { attachPanel } from '../../../src/background/panel-session';
import { memoryPersistence, type Commit, type TabPersistence } from '../../../src/background/persistence';

export const TAB = 7;

/** Memory persistence that records every commit and can hold commits open until `release()`. */
export function gatedPersistence(inner: TabPersistence = memoryPersistence()) {
  const commits: Commit[] = [];
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  const p: TabPersistence = {
    ...inner,
    async saveCommit(c) {
      commits.push(structuredClone(c));
      if (gate) await gate;
      return inner.saveCommit(c);
    },
  };
  return {
    persistence: p,
    inner,
    commits,
    hold(): void {
      gate = new Promise((r) => (open = r));
    },
    release(): void {
      gate = undefined;
      open?.();
    },
  };
}

export const create = (conn: string, t = 1): Extract<CaptureEvent<never>, { k: 'create' }> => ({
  k: 'create',
  conn,
  t,
  url: `wss://srv.test/${conn}`,
  protocols: [],
  frameUrl: 'https://page.test/',
});
export const text = (conn: string, data: string, t = 2, dir: 'in' | 'out' = 'out'): CaptureEvent<never> => ({
  k: 'message',
  conn,
  t,
  dir,
  opcode: 1,
  text: data,
});
export const close = (conn: string, t = 3): CaptureEvent<never> => ({ k: 'close', conn, t, code: 1000, reason: '', wasClean: true });

/** A content relay: says hello, sends numbered batches, records acks and commands. */
export function connectRelay(hub: Hub, opts: { tabId?: number; frameId?: number; relayId?: string; answer?: boolean } = {}) {
  const [bg, page] = createMemoryPair<BackgroundToRelay | BackgroundToRelayCommand, unknown>();
  attachRelay(hub, bg, { tabId: opts.tabId ?? TAB, frameId: opts.frameId ?? 0 });
  const acks: number[] = [];
  const commands: CommandRequest[] = [];
  page.addListener((m) => {
    if (m.type === 'ack') acks.push(m.seq);
    else {
      commands.push(m);
      if (opts.answer) page.postMessage({ type: 'commandResult', id: m.id, ok: true, result: {} });
    }
  });
  page.postMessage({
    type: 'hello',
    v: PROTOCOL_VERSION,
    relayId: opts.relayId ?? 'relay-1',
    frameUrl: 'https://page.test/',
    isTop: true,
    reconnect: false,
  });
  return {
    acks,
    /** Acks are cumulative: every batch up to the highest seq acknowledged is stored. */
    ackedThrough: (): number => Math.max(0, ...acks),
    commands,
    send: (seq: number, events: WireEvent[]): void => page.postMessage({ type: 'batch', seq, events }),
    post: (m: unknown): void => page.postMessage(m),
    close: (): void => page.disconnect(),
  };
}

/** A panel: subscribes to the tab, records everything it gets. */
export function connectPanel(hub: Hub, tabId = TAB) {
  const [bg, view] = createMemoryPair<BackgroundToPanel | PanelReply, unknown>();
  attachPanel(hub, bg);
  const got: Array<BackgroundToPanel | PanelReply> = [];
  view.addListener((m) => got.push(m));
  view.postMessage({ type: 'subscribe', v: PROTOCOL_VERSION, tabId });
  return { got, post: (m: unknown): void => view.postMessage(m), close: (): void => view.disconnect(), port: view };
}

export function newHub(persistence: TabPersistence, options?: HubOptions): Hub {
  const hub = createHub(persistence, options);
  hub.noteTab(TAB);
  return hub;
}

export async function dump(hub: Hub, tabId = TAB) {
  const r = (await hub.answer({ type: 'dumpTab', tabId })) as {
    dump: { messages: Array<{ data: string }>; connections: Array<{ id: string }> } | null;
  };
  return r.dump;
}
