/**
 * Debugger mode (Chrome, opt-in per tab): the Chrome DevTools Protocol's
 * Network WebSocket events and Target auto-attach events → plain socket
 * events (`CdpSocketEvent`). Pure and total: CDP params are untrusted
 * (`unknown`); anything malformed gives `null`, never a throw.
 *
 * Events: https://chromedevtools.github.io/devtools-protocol/tot/Network/
 * (webSocketCreated, webSocketWillSendHandshakeRequest,
 * webSocketHandshakeResponseReceived, webSocketFrameSent/Received/Error,
 * webSocketClosed) and Target.attachedToTarget / detachedFromTarget.
 *
 * A socket is keyed by the CDP session it came from ('' = the tab itself)
 * and its CDP requestId (not webRequest's: the two ids are unrelated).
 * Timestamps: CDP gives monotonic seconds; `wallTime` (epoch seconds) comes
 * only with the handshake request, and gives the offset to wall-clock ms.
 */
import type { HttpHeader, Realm, SocketInitiator, StackFrame } from '../model/records';

/** The kind of target a CDP session belongs to (Target.TargetInfo.type), '' = the tab's page. */
export type TargetKind = 'page' | 'iframe' | 'worker' | 'shared_worker' | 'service_worker' | 'other';

export type CdpSocketEvent =
  | { k: 'attached'; session: string; kind: TargetKind; url: string }
  | { k: 'detached'; session: string }
  | { k: 'created'; session: string; id: string; url: string; initiator?: SocketInitiator }
  | { k: 'request'; session: string; id: string; ts?: number; wall?: number; headers: HttpHeader[] }
  | {
      k: 'response';
      session: string;
      id: string;
      ts?: number;
      status?: number;
      statusText: string;
      headers: HttpHeader[];
      requestHeaders?: HttpHeader[];
    }
  | { k: 'frame'; session: string; id: string; ts?: number; dir: 'out' | 'in'; opcode: number; payload: string }
  | { k: 'frameError'; session: string; id: string; ts?: number; message: string }
  | { k: 'closed'; session: string; id: string; ts?: number };

const MAX_HEADERS = 200;
const MAX_TEXT = 8192;
const MAX_FRAMES = 32;
const OWN_SCRIPT = /^(chrome|moz)-extension:\/\//;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, max = MAX_TEXT): string | undefined => (typeof x === 'string' ? x.slice(0, max) : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const int = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined);

/** Network.Headers (an object of name → value; Chrome joins repeated fields with '\n'). */
export function toHeaders(x: unknown): HttpHeader[] {
  if (!isObj(x)) return [];
  const out: HttpHeader[] = [];
  for (const [name, value] of Object.entries(x)) {
    if (out.length >= MAX_HEADERS) break;
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    for (const v of String(value).split('\n')) out.push({ name: name.slice(0, 256), value: v.slice(0, MAX_TEXT) });
  }
  return out;
}

function toInitiator(x: unknown): SocketInitiator | undefined {
  if (!isObj(x)) return undefined;
  const type = str(x.type, 64);
  if (type === undefined) return undefined;
  const init: SocketInitiator = { type };
  const url = str(x.url);
  if (url) init.url = url;
  // Network.Initiator line/column numbers are 0-based; ours are 1-based (records.ts StackFrame).
  const line = int(x.lineNumber);
  if (line !== undefined) init.line = line + 1;
  const col = int(x.columnNumber);
  if (col !== undefined) init.col = col + 1;
  const callFrames = isObj(x.stack) && Array.isArray(x.stack.callFrames) ? x.stack.callFrames : [];
  const frames: StackFrame[] = [];
  for (const f of callFrames.slice(0, MAX_FRAMES)) {
    // Sockscope's own hook (the page's WebSocket is our Proxy) is not what opened the socket.
    if (!isObj(f) || OWN_SCRIPT.test(String(f.url))) continue;
    const fl = int(f.lineNumber);
    const fc = int(f.columnNumber);
    frames.push({
      fn: str(f.functionName, 256) ?? '',
      url: str(f.url) ?? '',
      ...(fl !== undefined ? { line: fl + 1 } : {}),
      ...(fc !== undefined ? { col: fc + 1 } : {}),
    });
  }
  if (frames.length) init.frames = frames;
  if ((!init.url || OWN_SCRIPT.test(init.url)) && frames[0])
    Object.assign(init, { url: frames[0].url, line: frames[0].line, col: frames[0].col });
  else if (init.url && OWN_SCRIPT.test(init.url)) ['url', 'line', 'col'].forEach((k) => delete init[k as keyof SocketInitiator]);
  return init;
}

const KINDS: readonly TargetKind[] = ['page', 'iframe', 'worker', 'shared_worker', 'service_worker'];

/** The realm a target kind opens sockets in (records.ts Realm). */
export function realmOfKind(kind: TargetKind): Realm {
  if (kind === 'page') return 'page';
  if (kind === 'iframe') return 'frame';
  if (kind === 'worker') return 'worker';
  return 'service or shared worker';
}

/** One CDP event (chrome.debugger.onEvent: method, params; `session` '' for the tab itself) → a socket event, or null. */
export function translateCdp(method: unknown, params: unknown, session: unknown): CdpSocketEvent | null {
  if (typeof method !== 'string' || !isObj(params)) return null;
  const s = typeof session === 'string' ? session.slice(0, 256) : '';
  if (method === 'Target.attachedToTarget') {
    const child = str(params.sessionId, 256);
    const info = isObj(params.targetInfo) ? params.targetInfo : {};
    const type = str(info.type, 64) ?? '';
    if (!child) return null;
    return {
      k: 'attached',
      session: child,
      kind: (KINDS as readonly string[]).includes(type) ? (type as TargetKind) : 'other',
      url: str(info.url) ?? '',
    };
  }
  if (method === 'Target.detachedFromTarget') {
    const child = str(params.sessionId, 256);
    return child ? { k: 'detached', session: child } : null;
  }
  if (!method.startsWith('Network.webSocket')) return null;
  const id = str(params.requestId, 256);
  if (!id) return null;
  const ts = num(params.timestamp);
  const at = ts === undefined ? {} : { ts };
  const response = isObj(params.response) ? params.response : undefined;
  switch (method) {
    case 'Network.webSocketCreated': {
      const url = str(params.url);
      if (!url) return null;
      const initiator = toInitiator(params.initiator);
      return { k: 'created', session: s, id, url, ...(initiator ? { initiator } : {}) };
    }
    case 'Network.webSocketWillSendHandshakeRequest': {
      const wall = num(params.wallTime);
      const request = isObj(params.request) ? params.request : {};
      return { k: 'request', session: s, id, ...at, ...(wall === undefined ? {} : { wall }), headers: toHeaders(request.headers) };
    }
    case 'Network.webSocketHandshakeResponseReceived': {
      if (!response) return null;
      const status = int(response.status);
      const requestHeaders = response.requestHeaders === undefined ? undefined : toHeaders(response.requestHeaders);
      return {
        k: 'response',
        session: s,
        id,
        ...at,
        ...(status === undefined ? {} : { status }),
        statusText: str(response.statusText, 256) ?? '',
        headers: toHeaders(response.headers),
        ...(requestHeaders?.length ? { requestHeaders } : {}),
      };
    }
    case 'Network.webSocketFrameSent':
    case 'Network.webSocketFrameReceived': {
      if (!response) return null;
      const opcode = int(response.opcode);
      const payload = response.payloadData;
      if (opcode === undefined || typeof payload !== 'string') return null;
      return { k: 'frame', session: s, id, ...at, dir: method === 'Network.webSocketFrameSent' ? 'out' : 'in', opcode, payload };
    }
    case 'Network.webSocketFrameError':
      return { k: 'frameError', session: s, id, ...at, message: str(params.errorMessage) ?? '' };
    case 'Network.webSocketClosed':
      return { k: 'closed', session: s, id, ...at };
    default:
      return null;
  }
}

/** The refusing status Chrome names in a handshake frame error ("Unexpected response code: 403"), if any. */
export function statusInError(message: string): number | undefined {
  const m = /Unexpected response code: (\d{3})\b/.exec(message);
  return m ? Number(m[1]) : undefined;
}
