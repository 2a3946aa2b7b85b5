/**
 * State and actions of the compose/replay/intercept tools, apart from the
 * views (like store.ts + actions.ts for the capture). Commands go through
 * the RPC client; held messages arrive as events (onEvent).
 */
import { batch, signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { CommandRequest, HeldMessage, InterceptRule, Payload, SendOrigin } from '../../messaging/protocol';
import { DEFAULT_HOLD_TIMEOUT_MS, isHoldNotice } from '../../messaging/protocol';
import type { MessageRecord } from '../../model/records';
import type { PanelStore } from '../capture/store';
import { createCommandClient } from './rpc';
import type { CommandClient, CommandOutcome } from './rpc';
import { createComposeMemory } from './memory';
import type { ComposeMemory, ComposeStorage } from './memory';
import { planReplay } from './replay';
import { recordPayload } from './payload-input';
import type { ReplayMode } from './replay';
import type { SocketIoEmitDraft } from './socketio';

export type ComposeSection = 'compose' | 'intercept' | 'replay' | 'history';
export interface Status {
  kind: 'ok' | 'error' | 'pending';
  text: string;
}
export interface ReplayProgress {
  running: boolean;
  done: number;
  total: number;
  error?: string;
}

export interface ComposeController {
  readonly client: CommandClient;
  open: Signal<boolean>;
  section: Signal<ComposeSection>;
  /** Connection the compose form sends to (null: the selected message's or connection's). */
  target: Signal<string | null>;
  status: Signal<Status | null>;
  rules: Signal<InterceptRule[]>;
  holdTimeoutMs: Signal<number>;
  held: Signal<HeldMessage[]>;
  /** Messages marked for replay (shift/ctrl-click in the table). */
  marked: Signal<ReadonlySet<number>>;
  replay: Signal<ReplayProgress | null>;
  /** Editor content pushed from elsewhere ("Edit & resend"): the form picks it up. */
  draft: Signal<{
    format: 'text' | 'json' | 'hex' | 'base64';
    text: string;
    origin: SendOrigin;
    n: number;
    /** A Socket.IO event: open the emit form with these fields instead. */
    sio?: SocketIoEmitDraft;
  } | null>;
  readonly memory: ComposeMemory;

  send(conn: string, payload: Payload, origin: SendOrigin): Promise<CommandOutcome>;
  inject(conn: string, payload: Payload): Promise<CommandOutcome>;
  reopen(conn: string): Promise<CommandOutcome>;
  setRules(rules: InterceptRule[], holdTimeoutMs?: number): Promise<CommandOutcome>;
  decide(holdId: string, action: 'forward' | 'drop', payload?: Payload): Promise<CommandOutcome>;
  mark(id: number, how: 'toggle' | 'range' | 'only'): void;
  startReplay(records: MessageRecord[], mode: ReplayMode, intervalMs: number, conn?: string): void;
  stopReplay(): void;
  onEvent(event: unknown): void;
  /** The panel's port changed: answers on the old one are lost; holds come again; rules are set again. */
  onReconnect(): void;
}

export function createCompose(store: PanelStore, post: (m: CommandRequest) => void, storage?: ComposeStorage): ComposeController {
  const client = createCommandClient(post);
  const status = signal<Status | null>(null);
  const held = signal<HeldMessage[]>([]);
  const rules = signal<InterceptRule[]>([]);
  const holdTimeoutMs = signal(DEFAULT_HOLD_TIMEOUT_MS);
  const marked = signal<ReadonlySet<number>>(new Set());
  const replay = signal<ReplayProgress | null>(null);
  const memory = createComposeMemory(storage);
  let replayRun = 0;
  let lastMarked: number | null = null;

  const report = (what: string, o: CommandOutcome): CommandOutcome => {
    status.value = o.ok ? { kind: 'ok', text: `${what}: done` } : { kind: 'error', text: `${what} failed: ${o.error.message}` };
    return o;
  };
  const run = async (what: string, p: Promise<CommandOutcome>): Promise<CommandOutcome> => {
    status.value = { kind: 'pending', text: `${what}…` };
    return report(what, await p);
  };
  const urlOf = (conn: string) => store.connections.peek().get(conn)?.url ?? '';

  const c: ComposeController = {
    client,
    open: signal(false),
    section: signal<ComposeSection>('compose'),
    target: signal<string | null>(null),
    status,
    rules,
    holdTimeoutMs,
    held,
    marked,
    replay,
    draft: signal(null),
    memory,
    send: async (conn, payload, origin) => {
      const o = await run(origin === 'resent' ? 'Resend' : 'Send', client.request({ op: 'send', conn, payload, origin }));
      if (o.ok) memory.remember(urlOf(conn), 'send', payload);
      return o;
    },
    inject: async (conn, payload) => {
      const o = await run('Inject', client.request({ op: 'inject', conn, payload }));
      if (o.ok) memory.remember(urlOf(conn), 'inject', payload);
      return o;
    },
    reopen: async (conn) => {
      const o = await run('Reopen', client.request({ op: 'reopen', conn }));
      if (o.ok && o.result.conn) {
        c.target.value = o.result.conn;
        status.value = { kind: 'ok', text: `Reopened as a new connection; compose and replay now target it` };
      }
      return o;
    },
    setRules: async (next, timeout) => {
      rules.value = next;
      if (timeout !== undefined) holdTimeoutMs.value = timeout;
      return run('Intercept rules', client.request({ op: 'setIntercept', rules: next, holdTimeoutMs: holdTimeoutMs.value }));
    },
    decide: async (holdId, action, payload) => {
      const o = await run(
        action === 'drop' ? 'Drop' : payload ? 'Forward edited' : 'Forward',
        client.request({ op: 'decide', holdId, action, ...(payload ? { payload } : {}) }),
      );
      // Gone either way (decided, or no longer held): the `released` event usually said so already.
      held.value = held.value.filter((h) => h.holdId !== holdId);
      return o;
    },
    mark: (id, how) => {
      const next = new Set(how === 'only' ? [] : marked.value);
      if (how === 'range' && lastMarked !== null) {
        const { view } = store.view.peek();
        const a = view.indexOfSeq(store.log.seqOfId(lastMarked) ?? 0);
        const b = view.indexOfSeq(store.log.seqOfId(id) ?? 0);
        for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
          const r = store.log.bySeq(view.seqAt(i) ?? -1);
          if (r) next.add(r.id);
        }
      } else if (next.has(id) && how === 'toggle') next.delete(id);
      else next.add(id);
      lastMarked = id;
      marked.value = next;
    },
    startReplay: (records, mode, intervalMs, conn) => {
      const run = ++replayRun;
      const plan = planReplay(records, mode, intervalMs);
      replay.value = { running: true, done: 0, total: plan.length };
      const start = performance.now();
      void (async () => {
        for (const [i, step] of plan.entries()) {
          const wait = start + step.at - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (run !== replayRun) return; // stopped
          const target = conn ?? step.rec.conn;
          const p = recordPayload(step.rec);
          const o: CommandOutcome = !p.ok
            ? { ok: false, error: { code: 'BAD_COMMAND', message: p.error } }
            : await client.request(
                step.rec.dir === 'out'
                  ? { op: 'send', conn: target, payload: p.payload, origin: 'resent' }
                  : { op: 'inject', conn: target, payload: p.payload },
              );
          if (run !== replayRun) return;
          if (!o.ok) {
            replay.value = { running: false, done: i, total: plan.length, error: o.error.message };
            return;
          }
          replay.value = { running: i + 1 < plan.length, done: i + 1, total: plan.length };
        }
      })();
    },
    stopReplay: () => {
      replayRun++;
      const r = replay.value;
      if (r?.running) replay.value = { ...r, running: false, error: 'stopped' };
    },
    onEvent: (event) => {
      client.onEvent(event);
      if (!isHoldNotice(event)) return;
      if (event.type === 'held') {
        const h = event.held as HeldMessage;
        if (!held.value.some((x) => x.holdId === h.holdId)) held.value = [...held.value, h];
      } else held.value = held.value.filter((h) => h.holdId !== event.holdId);
    },
    onReconnect: () => {
      client.failPending('the connection to the Sockscope background was lost');
      batch(() => {
        held.value = [];
      });
      if (rules.value.length) void c.setRules(rules.value);
    },
  };
  return c;
}
