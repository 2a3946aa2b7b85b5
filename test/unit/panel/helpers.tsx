import { createMemoryPair } from '../../../src/messaging/adapter';
import type { MessageAdapter } from '../../../src/messaging/adapter';
import type { BackgroundToPanel, PanelToBackground, StoreLimits, TabOptions, TabStats } from '../../../src/messaging/protocol';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';

export const OPTIONS: TabOptions = { paused: false, preserveLog: false };
export const LIMITS: StoreLimits = { maxMessages: 1_000_000, maxBytes: 2 ** 29, maxMessageBytes: 2 ** 20 };
export const STATS: TabStats = { connections: 0, messages: 0, bytes: 0, dropped: 0, droppedBytes: 0, truncated: 0, skipped: 0 };

export function conn(id: string, extra: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id,
    url: `wss://example.test/${id}`,
    protocols: [],
    frameUrl: 'https://example.test/',
    frameId: 0,
    created: 1_700_000_000_000,
    state: 'open',
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
    ...extra,
  };
}

export function msg(id: number, extra: Partial<MessageRecord> = {}): MessageRecord {
  const data = extra.data ?? `message ${id}`;
  return { id, conn: 'c1', t: 1_700_000_000_000 + id, dir: id % 2 ? 'out' : 'in', opcode: 1, size: data.length, data, ...extra };
}

/** `n` tiny messages, built fast (the 1M tests). */
export function manyMessages(n: number, conns = ['c1']): MessageRecord[] {
  const out: MessageRecord[] = new Array(n);
  for (let i = 0; i < n; i++)
    out[i] = {
      id: i + 1,
      conn: conns[i % conns.length] as string,
      t: 1_700_000_000_000 + i,
      dir: i % 2 ? 'in' : 'out',
      opcode: 1,
      size: 4,
      data: `m${i + 1}`,
    };
  return out;
}

export function reset(
  connections: ConnectionRecord[] = [],
  extra: Partial<Extract<BackgroundToPanel, { type: 'reset' }>> = {},
): BackgroundToPanel {
  return { type: 'reset', tabId: 7, options: OPTIONS, limits: LIMITS, connections, stats: STATS, ...extra };
}

/** A memory pair plus a log of what the panel sent to the "background". */
export function fakeBackground(): {
  panel: MessageAdapter<BackgroundToPanel, PanelToBackground>;
  bg: MessageAdapter<PanelToBackground, BackgroundToPanel>;
  sent: PanelToBackground[];
} {
  const [panel, bg] = createMemoryPair<PanelToBackground, BackgroundToPanel>();
  const sent: PanelToBackground[] = [];
  bg.addListener((m) => sent.push(m));
  return { panel, bg, sent };
}
