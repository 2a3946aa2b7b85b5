/**
 * Carries out the panel's commands in the page: send, inject, reopen and
 * intercept, always on the page's real socket through the native methods
 * captured by install.ts (so cookies, origin, subprotocol and state are the
 * page's own). Errors are values with a stable code (protocol.ts
 * CommandErrorCode), never thrown across the channel.
 *
 * Runs only what arrives on the private MessagePort from the relay: the page
 * cannot reach this module (it never listens on window).
 */
import type {
  CommandError,
  CommandOk,
  CommandRequest,
  CommandResponse,
  HookToRelay,
  InterceptRule,
  PageCommand,
  Payload,
} from '../messaging/protocol';
import { DEFAULT_HOLD_TIMEOUT_MS } from '../messaging/protocol';
import type { Direction, MessageOrigin } from '../model/records';
import { captureBinaryBrands } from './channel';
import { capturePayloadTools } from './payload';
import { privateCopy, type Held } from './held';
import type { Gate, HookHandle, SendData } from './install';
import { compileRules, matchRules, type CompiledRule } from './rules';

export interface CommandEnv {
  handle: HookHandle;
  post(reply: HookToRelay, transfer: Transferable[]): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  now(): number;
  /** Listener errors during an inject are reported on the window's `error` event. */
  onWindowError?(listener: (ev: ErrorEvent) => void): () => void;
}

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

class Failure extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
  }
}
const fail = (code: CommandError['code'], message: string): never => {
  throw new Failure({ code, message });
};

export interface CommandExecutor {
  /** One request from the relay; the answer is posted back with the same id. */
  run(request: CommandRequest): void;
  /** Currently held messages (diagnostics, tests). */
  readonly held: number;
}

export function createCommandExecutor(env: CommandEnv): CommandExecutor {
  const { handle } = env;
  // Created at install, before any page script.
  const brands = captureBinaryBrands(globalThis);
  const payloads = capturePayloadTools(globalThis);
  const copy = (buffer: ArrayBuffer): ArrayBuffer =>
    (payloads.copyBytes(buffer, Infinity)?.bytes as ArrayBuffer | undefined) ?? new ArrayBuffer(0);
  let rules: CompiledRule[] = [];
  /** Some rule names its connections: match per connection (otherwise one list for all). */
  let scoped = false;
  let holdTimeoutMs = DEFAULT_HOLD_TIMEOUT_MS;
  // A record without a prototype, not a Map: the page may patch Map.prototype (and see or break holds) after install.
  const held: Record<string, Held> = Object.create(null) as Record<string, Held>;
  let heldCount = 0;
  let holdCounter = 0;

  const openSocket = (conn: string): WebSocket => {
    const ws = handle.socketOf(conn);
    if (!ws)
      return fail('UNKNOWN_CONNECTION', `connection ${conn} is not in this page any more (closed and collected, or the page navigated)`);
    const state = handle.readyState(ws);
    if (state !== 1)
      return fail(
        'NOT_OPEN',
        state === 0 ? 'socket is still connecting (readyState 0)' : `socket is ${state === 2 ? 'closing' : 'closed'} (readyState ${state})`,
      );
    return ws;
  };

  const nativeSend = (ws: WebSocket, data: SendData, origin: MessageOrigin | undefined): void => {
    try {
      handle.send(ws, data, origin);
    } catch (e) {
      fail('NOT_OPEN', `send failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  };

  /** Dispatches to the page; a page listener that throws is reported as PAGE_THREW (after delivery). */
  const deliver = (ws: WebSocket, data: unknown, origin: MessageOrigin): CommandOk => {
    const errors: string[] = [];
    const stop = env.onWindowError?.((ev) => {
      // A cross-origin script's error is muted to "Script error." with no error object (HTML "muted errors").
      const muted = ev.error == null && ev.message === 'Script error.';
      errors.push(
        ev.error instanceof Error
          ? `${ev.error.name}: ${ev.error.message}`
          : muted
            ? 'a cross-origin script threw (the browser hides its message)'
            : String(ev.message),
      );
    });
    try {
      handle.deliver(ws, data, origin);
    } finally {
      stop?.();
    }
    if (errors.length)
      fail(
        'PAGE_THREW',
        `delivered, but the page's message listener threw: ${errors[0] ?? ''}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
      );
    return {};
  };

  const toSendData = (p: Payload): SendData => (p.opcode === 1 ? p.text : copy(p.bytes));
  const toReceived = (ws: WebSocket, p: Payload): unknown => (p.opcode === 1 ? p.text : handle.asReceived(ws, copy(p.bytes)));

  const release = (h: Held, action: 'forward' | 'drop', reason: 'panel' | 'timeout' | 'release', edited?: Payload): void => {
    if (held[h.holdId] === h) {
      delete held[h.holdId];
      heldCount--;
    }
    env.clearTimeout(h.timer);
    const notice: HookToRelay = { type: 'released', holdId: h.holdId, action, reason };
    if (h.announced) env.post(notice, []);
    else h.pendingRelease = notice;
    if (action === 'drop') return handle.note(h.conn, h.dir, h.data, 'dropped');
    const state = handle.readyState(h.ws);
    if (h.dir === 'out') {
      if (state !== 1) fail('NOT_OPEN', `the held message could not be sent: socket is ${STATES[state] ?? state} (readyState ${state})`);
      nativeSend(h.ws, edited ? toSendData(edited) : h.data, edited ? 'edited' : undefined);
    } else {
      deliver(h.ws, edited ? toReceived(h.ws, edited) : h.data, edited ? 'edited' : 'page');
    }
  };

  const hold = (ws: WebSocket, conn: string, dir: Direction, data: unknown, ruleId: string): boolean => {
    const kept = privateCopy(data, brands, payloads);
    if (kept === undefined) return false;
    const holdId = `${conn}/${++holdCounter}`;
    const h: Held = { holdId, conn, dir, ws, data: kept, timer: 0, announced: false };
    h.timer = env.setTimeout(() => {
      if (held[holdId] === h) {
        try {
          release(h, 'forward', 'timeout');
        } catch {
          // The socket closed while held: nothing to forward to; the release notice already went out.
        }
      }
    }, holdTimeoutMs);
    held[holdId] = h;
    heldCount++;
    const t = env.now();
    const announce = (payload: Payload, transfer: Transferable[]): void => {
      h.announced = true;
      env.post({ type: 'held', held: { holdId, conn, dir, t, ruleId, payload } }, transfer);
      if (h.pendingRelease) env.post(h.pendingRelease, []);
    };
    if (typeof kept === 'string') announce({ opcode: 1, text: kept }, []);
    else if (brands.isBlob(kept)) {
      // One payload shape on every port: the panel gets bytes, so a received Blob is read here first.
      brands.read(
        kept,
        (bytes) => announce({ opcode: 2, bytes }, [bytes]),
        () => announce({ opcode: 2, bytes: new ArrayBuffer(0) }, []),
      );
    } else {
      const bytes = copy(kept); // the hold keeps its own copy; this one is transferred
      announce({ opcode: 2, bytes }, [bytes]);
    }
    return true;
  };

  const autoReply = (ws: WebSocket, reply: NonNullable<InterceptRule['reply']>): void => {
    // After the triggering message went through (or was delivered): a reply never overtakes it.
    env.setTimeout(() => {
      try {
        if (handle.readyState(ws) !== 1) return;
        if (reply.as === 'send') nativeSend(ws, toSendData(reply.payload), 'composed');
        else deliver(ws, toReceived(ws, reply.payload), 'injected');
      } catch {
        // A listener threw or the socket closed: auto-replies have no caller to tell; the page console shows listener errors.
      }
    }, 0);
  };

  const decide = (ws: WebSocket, conn: string, dir: Direction, data: unknown): boolean => {
    const hit = matchRules(scoped ? rulesFor(conn) : rules, dir, data);
    if (hit.hold) return hold(ws, conn, dir, data, hit.hold.id);
    for (let i = 0; i < hit.replies.length; i++) {
      const reply = (hit.replies[i] as CompiledRule).reply; // indexed: no page-realm iterator
      if (reply) autoReply(ws, reply);
    }
    return false;
  };
  const gate: Gate = {
    out: (ws, conn, data) => decide(ws, conn, 'out', data),
    in: (ws, conn, data) => decide(ws, conn, 'in', data),
  };

  const releaseAll = (): void => {
    rules = [];
    handle.setGate(null);
    for (const id in held) {
      const h = held[id] as Held;
      try {
        release(h, 'forward', 'release');
      } catch {
        // That socket closed meanwhile: nothing to forward to.
      }
    }
  };

  /** Whether `conns` holds `conn`: a plain loop, not Array.prototype.indexOf, which the page may patch after install. */
  const names = (conns: readonly string[], conn: string): boolean => {
    for (let i = 0; i < conns.length; i++) if (conns[i] === conn) return true;
    return false;
  };
  /** Rules that apply to `conn`: unscoped ones and those naming it. */
  const rulesFor = (conn: string): CompiledRule[] => {
    const out: CompiledRule[] = [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as CompiledRule;
      const conns = r.conns;
      if (conns === undefined || names(conns, conn)) out[out.length] = r;
    }
    return out;
  };

  const execute = (c: PageCommand): CommandOk => {
    switch (c.op) {
      case 'send': {
        const ws = openSocket(c.conn);
        nativeSend(ws, toSendData(c.payload), c.origin);
        return {};
      }
      case 'inject': {
        const ws = openSocket(c.conn);
        return deliver(ws, toReceived(ws, c.payload), 'injected');
      }
      case 'reopen': {
        const d = handle.describe(c.conn);
        if (!d) return fail('UNKNOWN_CONNECTION', `connection ${c.conn} was not created in this page`);
        try {
          return { conn: handle.open(d.url, d.protocols) };
        } catch (e) {
          return fail('PAGE_THREW', `new WebSocket failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        }
      }
      case 'setIntercept': {
        const compiled = compileRules(c.rules);
        if (!compiled.ok) return fail('BAD_COMMAND', compiled.error);
        rules = compiled.rules;
        scoped = false;
        for (let i = 0; i < rules.length; i++) if ((rules[i] as CompiledRule).conns !== undefined) scoped = true;
        if (typeof c.holdTimeoutMs === 'number' && c.holdTimeoutMs > 0) holdTimeoutMs = c.holdTimeoutMs;
        handle.setGate(rules.length ? gate : null);
        return {};
      }
      case 'decide': {
        const h = held[c.holdId];
        if (!h) return fail('UNKNOWN_HOLD', `message ${c.holdId} is no longer held (forwarded, dropped or timed out)`);
        release(h, c.action, 'panel', c.action === 'forward' ? c.payload : undefined);
        return {};
      }
      case 'release':
        releaseAll();
        return {};
      case 'setStacks':
        handle.setStacks(c.on === true);
        return {};
    }
  };

  return {
    run(request) {
      let reply: CommandResponse;
      try {
        reply = { type: 'commandResult', id: request.id, ok: true, result: execute(request.command) };
      } catch (e) {
        const error: CommandError =
          e instanceof Failure ? e.error : { code: 'PAGE_THREW', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
        reply = { type: 'commandResult', id: request.id, ok: false, error };
      }
      env.post(reply, []);
    },
    get held() {
      return heldCount;
    },
  };
}
