/**
 * The background's half of the command path (typed RPC): a command from a
 * panel subscribed to a tab goes to the relay of the frame that owns the
 * connection, and its answer comes back with the panel's id. Intercept rules
 * go to every relay of the tab (and to relays that connect later); held
 * messages are relayed to the tab's panels as events. When the last panel of
 * a tab goes away, every hook of the tab clears its rules and forwards what
 * it holds, so a page is never stuck.
 */
import type { CommandError, CommandOk, CommandRequest, CommandResponse, HeldMessage, HoldNotice, InterceptRule, PageCommand, PanelReply, RelayReply } from '../../src/messaging/protocol';
import { connOfCommand, validateCommand } from '../../src/messaging/commands';
import { debug } from '../../src/debug';

/** How long the background waits for a relay before answering TIMEOUT itself (the panel gives up at 5 s). */
const RELAY_TIMEOUT_MS = 10_000;

export interface RelayLink {
  tabId: number;
  frameId: number;
  post(message: CommandRequest): void;
  pending: Map<number, (r: CommandResponse) => void>;
}

interface TabCommands {
  /** The relay that spoke last for each frame (a frame's new document replaces the old one). */
  relays: Map<number, RelayLink>;
  rules: InterceptRule[] | null;
  holdTimeoutMs?: number;
  held: Map<string, { held: HeldMessage; link: RelayLink }>;
}

type Sink = (m: PanelReply) => void;

const tabs = new Map<number, TabCommands>();
const panels = new Map<number, Set<Sink>>();
let nextId = 1;

function tab(tabId: number): TabCommands {
  let t = tabs.get(tabId);
  if (!t) tabs.set(tabId, (t = { relays: new Map(), rules: null, held: new Map() }));
  return t;
}

const failure = (id: number, code: CommandError['code'], message: string): CommandResponse => ({ type: 'commandResult', id, ok: false, error: { code, message } });

function toRelay(link: RelayLink, command: PageCommand): Promise<CommandResponse> {
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      link.pending.delete(id);
      resolve(failure(id, 'TIMEOUT', 'the page did not answer within 10 s'));
    }, RELAY_TIMEOUT_MS);
    link.pending.set(id, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    try {
      link.post({ type: 'command', id, command });
    } catch (e) {
      link.pending.delete(id);
      clearTimeout(timer);
      resolve(failure(id, 'NO_PAGE', `the page's frame went away (${e instanceof Error ? e.message : String(e)})`));
    }
  });
}

/** A relay said hello: it now speaks for its frame; it gets the tab's intercept rules. */
export function registerRelay(tabId: number, frameId: number, post: RelayLink['post']): RelayLink {
  const link: RelayLink = { tabId, frameId, post, pending: new Map() };
  const t = tab(tabId);
  t.relays.set(frameId, link);
  if (t.rules?.length) void toRelay(link, { op: 'setIntercept', rules: t.rules, ...(t.holdTimeoutMs ? { holdTimeoutMs: t.holdTimeoutMs } : {}) });
  return link;
}

export function unregisterRelay(link: RelayLink): void {
  for (const [id, settle] of link.pending) settle(failure(id, 'NO_PAGE', 'the page navigated away or the frame was closed'));
  link.pending.clear();
  const t = tabs.get(link.tabId);
  if (!t) return;
  if (t.relays.get(link.frameId) === link) t.relays.delete(link.frameId);
  for (const [holdId, h] of t.held) {
    if (h.link !== link) continue;
    t.held.delete(holdId);
    notify(link.tabId, { type: 'released', holdId, action: 'forward', reason: 'release' });
  }
}

export function onRelayReply(link: RelayLink, reply: RelayReply): void {
  if (reply.type === 'commandResult') {
    const settle = link.pending.get(reply.id);
    link.pending.delete(reply.id);
    return settle?.(reply);
  }
  const t = tab(link.tabId);
  if (reply.type === 'held') t.held.set(reply.held.holdId, { held: reply.held, link });
  else t.held.delete(reply.holdId);
  notify(link.tabId, reply as HoldNotice);
}

function notify(tabId: number, message: PanelReply): void {
  for (const sink of panels.get(tabId) ?? []) sink(message);
}

/** A panel subscribed to a tab: it gets the messages held right now, then hold events live. */
export function addCommandPanel(tabId: number, sink: Sink): () => void {
  let set = panels.get(tabId);
  if (!set) panels.set(tabId, (set = new Set()));
  set.add(sink);
  for (const { held } of tabs.get(tabId)?.held.values() ?? []) sink({ type: 'held', held });
  return () => {
    set.delete(sink);
    if (set.size > 0) return;
    panels.delete(tabId);
    const t = tabs.get(tabId);
    // The last panel left (DevTools closed): nobody can decide any more.
    if (t && (t.rules?.length || t.held.size)) void runCommand(tabId, { op: 'release' }, () => undefined);
  };
}

export function forgetTabCommands(tabId: number): void {
  tabs.delete(tabId);
}

async function broadcast(t: TabCommands, command: PageCommand): Promise<CommandResponse | undefined> {
  const answers = await Promise.all([...t.relays.values()].map((link) => toRelay(link, command)));
  return answers.find((a) => !a.ok);
}

/**
 * Runs one command for a panel subscribed to `tabId`. `connectionFrame`
 * says which frame created a connection of this tab (undefined: not ours).
 */
export async function runCommand(
  tabId: number,
  raw: unknown,
  answer: (r: { ok: true; result: CommandOk } | { ok: false; error: CommandError }) => void,
  connectionFrame?: (conn: string) => Promise<number | undefined>,
): Promise<void> {
  const v = validateCommand(raw);
  if (!v.ok) return answer(v);
  const command = v.command;
  const t = tab(tabId);
  if (command.op === 'setIntercept' || command.op === 'release') {
    t.rules = command.op === 'release' ? null : command.rules;
    if (command.op === 'setIntercept') t.holdTimeoutMs = command.holdTimeoutMs;
    const failed = await broadcast(t, command);
    return answer(failed && !failed.ok ? { ok: false, error: failed.error } : { ok: true, result: {} });
  }
  const conn = connOfCommand(command) as string;
  const frameId = connectionFrame ? await connectionFrame(conn) : undefined;
  if (frameId === undefined) return answer({ ok: false, error: { code: 'UNKNOWN_CONNECTION', message: `connection ${conn} is not a connection of this tab (cleared, or from a page that was navigated away)` } });
  const link = t.relays.get(frameId);
  if (!link) return answer({ ok: false, error: { code: 'NO_PAGE', message: 'the frame that created this connection is gone (the page navigated away or the frame was closed)' } });
  const r = await toRelay(link, command);
  debug('command', command.op, r.ok);
  answer(r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error });
}
