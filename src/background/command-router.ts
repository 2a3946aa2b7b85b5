/**
 * The background's half of the command path (typed RPC), pure: a command
 * from a panel subscribed to a tab goes to the relay of the frame that owns
 * the connection, and its answer comes back as a value. One pending table for
 * every relay; one relay timeout, shorter than the panel's, so the panel
 * hears the background's TIMEOUT (which names the page) rather than its own.
 * Intercept rules go to every relay of the tab (and to relays that connect
 * later); held messages are relayed to the tab's panels as events.
 */
import type {
  CommandError,
  CommandOutcome,
  CommandRequest,
  CommandResponse,
  HeldMessage,
  InterceptRule,
  PageCommand,
  PanelReply,
  RelayReply,
} from '../messaging/protocol';
import { COMMAND_TIMEOUT_MS } from '../messaging/command-types';
import { connOfCommand, validateCommand } from '../messaging/command-validation';
import { frameScope, namedConnections, rulesForFrame, type FrameScope } from '../messaging/frame-scope';
import { debug } from '../debug';

/** The background answers TIMEOUT a second before the panel's own timeout would fire. */
export const RELAY_TIMEOUT_MS = COMMAND_TIMEOUT_MS - 1000;

/** The command state of one tab (part of the tab's hub entry). */
export interface CommandTab {
  readonly tabId: number;
  /** The relay that spoke last for each frame (a frame's new document replaces the old one). */
  readonly relays: Map<number, RelayLink>;
  rules: InterceptRule[] | null;
  holdTimeoutMs?: number | undefined;
  readonly held: Map<string, { held: HeldMessage; link: RelayLink }>;
  readonly panels: ReadonlySet<(m: PanelReply) => void>;
  /** The frame of each connection the rules name (looked up when they were set). */
  ruleOwners?: Map<string, number>;
}

export interface RelayLink {
  readonly tab: CommandTab;
  readonly frameId: number;
  /** Which rules this frame may get (src/messaging/frame-scope.ts). */
  readonly scope: FrameScope;
  readonly frameUrl?: string | undefined;
  post(message: CommandRequest): void;
}

/** The intercept rules as one frame gets them (only those that can apply to its connections). */
function interceptFor(link: RelayLink): PageCommand {
  const tab = link.tab;
  const rules = rulesForFrame(tab.rules ?? [], link.scope, (conn) => tab.ruleOwners?.get(conn));
  return { op: 'setIntercept', rules, ...(tab.holdTimeoutMs ? { holdTimeoutMs: tab.holdTimeoutMs } : {}) };
}

interface Pending {
  link: RelayLink;
  settle(r: CommandResponse): void;
}

const failure = (id: number, code: CommandError['code'], message: string): CommandResponse => ({
  type: 'commandResult',
  id,
  ok: false,
  error: { code, message },
});
const outcome = (r: CommandResponse): CommandOutcome => (r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error });

/** Every panel subscribed to the tab gets `message` (the one such loop: tab-entries' broadcast is this). */
export function notifyPanels<M>(tab: { readonly panels: ReadonlySet<(m: M) => void> }, message: M): void {
  for (const sink of tab.panels) sink(message);
}

export type CommandRouter = ReturnType<typeof createCommandRouter>;

export function createCommandRouter(timeoutMs = RELAY_TIMEOUT_MS) {
  const pending = new Map<number, Pending>();
  let nextId = 1;

  function toRelay(link: RelayLink, command: PageCommand): Promise<CommandResponse> {
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(failure(id, 'TIMEOUT', `the page did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      function settle(r: CommandResponse): void {
        clearTimeout(timer);
        pending.delete(id);
        resolve(r);
      }
      pending.set(id, { link, settle });
      try {
        link.post({ type: 'command', id, command });
      } catch (e) {
        settle(failure(id, 'NO_PAGE', `the page's frame went away (${e instanceof Error ? e.message : String(e)})`));
      }
    });
  }

  async function broadcast(tab: CommandTab, command: PageCommand): Promise<CommandResponse | undefined> {
    const answers = await Promise.all(
      [...tab.relays.values()].map((link) => toRelay(link, command.op === 'setIntercept' ? interceptFor(link) : command)),
    );
    return answers.find((a) => !a.ok);
  }

  /**
   * Runs one command for a panel subscribed to the tab. `frameOf` says which
   * frame created a connection of this tab (undefined: not ours).
   */
  async function run(tab: CommandTab, raw: unknown, frameOf: (conn: string) => Promise<number | undefined>): Promise<CommandOutcome> {
    const v = validateCommand(raw);
    if (!v.ok) return v;
    const command = v.command;
    if (command.op === 'setIntercept') {
      const owners = new Map<string, number>();
      for (const conn of namedConnections(command.rules)) {
        const frame = await frameOf(conn);
        if (frame !== undefined) owners.set(conn, frame);
      }
      tab.ruleOwners = owners;
      tab.rules = command.rules;
      tab.holdTimeoutMs = command.holdTimeoutMs;
    } else if (command.op === 'release') tab.rules = null;
    if (command.op === 'setIntercept' || command.op === 'release') {
      const failed = await broadcast(tab, command);
      return failed ? outcome(failed) : { ok: true, result: {} };
    }
    const conn = connOfCommand(command) as string;
    const frameId = await frameOf(conn);
    if (frameId === undefined)
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CONNECTION',
          message: `connection ${conn} is not a connection of this tab (cleared, or from a page that was navigated away)`,
        },
      };
    const link = tab.relays.get(frameId);
    if (!link)
      return {
        ok: false,
        error: {
          code: 'NO_PAGE',
          message: 'the frame that created this connection is gone (the page navigated away or the frame was closed)',
        },
      };
    const r = await toRelay(link, command);
    debug('command', command.op, r.ok);
    return outcome(r);
  }

  return {
    /** A relay said hello: it now speaks for its frame; it gets the tab's intercept rules that can apply to it. */
    registerRelay(tab: CommandTab, frameId: number, post: RelayLink['post'], frameUrl?: string, topUrl?: string): RelayLink {
      // Without the tab's URL from the browser, the top frame's relay says where the top document is.
      const top = topUrl ?? tab.relays.get(0)?.frameUrl;
      const link: RelayLink = { tab, frameId, scope: frameScope(frameId, frameUrl, top), frameUrl, post };
      tab.relays.set(frameId, link);
      const intercept = interceptFor(link);
      if (intercept.op === 'setIntercept' && intercept.rules.length) void toRelay(link, intercept);
      return link;
    },

    /** The relay's port closed: its requests fail now, what it held is reported released. */
    unregisterRelay(link: RelayLink): void {
      for (const [id, p] of [...pending]) {
        if (p.link === link) p.settle(failure(id, 'NO_PAGE', 'the page navigated away or the frame was closed'));
      }
      const tab = link.tab;
      if (tab.relays.get(link.frameId) === link) tab.relays.delete(link.frameId);
      for (const [holdId, h] of tab.held) {
        if (h.link !== link) continue;
        tab.held.delete(holdId);
        notifyPanels(tab, { type: 'released', holdId, action: 'forward', reason: 'release' });
      }
    },

    onRelayReply(link: RelayLink, reply: RelayReply): void {
      if (reply.type === 'commandResult') {
        const p = pending.get(reply.id);
        // Only the relay that was asked may answer.
        if (p?.link === link) p.settle(reply);
        return;
      }
      if (reply.type === 'held') link.tab.held.set(reply.held.holdId, { held: reply.held, link });
      else link.tab.held.delete(reply.holdId);
      notifyPanels(link.tab, reply);
    },

    /** What a newly subscribed panel must see: the messages held right now. */
    heldNow(tab: CommandTab): PanelReply[] {
      return [...tab.held.values()].map(({ held }) => ({ type: 'held', held }));
    },

    /** The last panel left (DevTools closed): nobody can decide any more, so every hook forwards and forgets its rules. */
    releaseIfIdle(tab: CommandTab): void {
      if (tab.panels.size === 0 && (tab.rules?.length || tab.held.size)) void run(tab, { op: 'release' }, async () => undefined);
    },

    run,
    /** One command to one relay, from the background itself (not validated: never from a panel). */
    toRelay,

    /** Requests waiting for a relay (tests). */
    get pendingCount(): number {
      return pending.size;
    },
  };
}
