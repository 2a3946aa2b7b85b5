/** Pure answers about one connection, worded for the connections list (notes §1–2). */
import type { ConnectionRecord } from '../../model/records';
import { describeCloseCode } from '../../protocol/close-codes';
import { computeAccept } from '../../protocol/handshake';

const REASONS: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface HandshakeStatus {
  text: string;
  /** ok: 101; bad: any other status or a refusal; unknown: nothing to go on yet. */
  tone: 'ok' | 'bad' | 'unknown';
  /** Extra explanation (network error string). */
  detail?: string;
}

/**
 * Network errors that come before any HTTP response (Chrome `net::ERR_*`,
 * Firefox `NS_ERROR_*`): no status existed, so none was hidden. Checked in order.
 */
const NO_RESPONSE: readonly { match: RegExp; text: string }[] = [
  { match: /^net::ERR_CONNECTION_REFUSED$|^NS_ERROR_CONNECTION_REFUSED$/, text: 'connection refused — no HTTP response' },
  { match: /^net::ERR_NAME_NOT_RESOLVED$|^NS_ERROR_UNKNOWN_HOST$/, text: 'host not found — no HTTP response' },
  { match: /^net::ERR_(CONNECTION_)?TIMED_OUT$|^NS_ERROR_NET_TIMEOUT$/, text: 'timed out — no HTTP response' },
  { match: /^net::ERR_CONNECTION_RESET$|^NS_ERROR_NET_RESET$/, text: 'connection reset — no HTTP response' },
  { match: /^net::ERR_(CONNECTION_CLOSED|EMPTY_RESPONSE)$|^NS_ERROR_NET_INTERRUPT$/, text: 'connection closed — no HTTP response' },
  {
    match: /^net::ERR_(ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED|NETWORK_CHANGED)$|^NS_ERROR_OFFLINE$/,
    text: 'network unreachable — no HTTP response',
  },
  {
    match: /^net::ERR_(CERT_|SSL_)|^SEC_ERROR_|^SSL_ERROR_|^NS_ERROR_NET_(INADEQUATE_SECURITY|ON_TLS)/,
    text: 'TLS failed — no HTTP response',
  },
  { match: /^net::ERR_BLOCKED_BY_(CLIENT|ADMINISTRATOR)$/, text: 'blocked by the browser or an extension — not sent' },
  { match: /^net::ERR_ABORTED$|^NS_BINDING_ABORTED$/, text: 'aborted — no HTTP response' },
];

/**
 * Chrome's webRequest reports a failed WebSocket handshake as a bare
 * `net::ERR_FAILED` both when the server refused it with a status other than
 * 401 (403, 404, 500 — the status is not passed on) and when nothing listened
 * (seen on Chromium 156: test/e2e/handshake-status.e2e.ts). The panel cannot
 * tell which, so it says neither.
 */
const CHROME_HIDDEN = 'net::ERR_FAILED';
const CHROME_HIDDEN_DETAIL =
  'net::ERR_FAILED: Chrome reports this for a handshake refused with an HTTP status (all but 401) and for a server it could not reach, without saying which';

/** "101 Switching Protocols", "403 Forbidden", "connection refused — no HTTP response", or "failed — reason hidden by Chrome". */
export function handshakeStatus(conn: ConnectionRecord): HandshakeStatus | null {
  const hs = conn.handshake;
  if (hs?.status !== undefined) {
    const line = hs.statusLine?.replace(/^HTTP\/\S+\s+/, '').trim();
    const text = line && line.startsWith(String(hs.status)) ? line : `${hs.status} ${REASONS[hs.status] ?? ''}`.trim();
    return { text, tone: hs.status === 101 ? 'ok' : 'bad', ...(hs.error ? { detail: hs.error } : {}) };
  }
  if (hs?.error)
    return { text: describeHandshakeError(hs.error), tone: 'bad', detail: hs.error === CHROME_HIDDEN ? CHROME_HIDDEN_DETAIL : hs.error };
  if (conn.state === 'open' || conn.opened !== undefined) return { text: 'accepted (101)', tone: 'ok' };
  return null;
}

/** Wording for a handshake that ended with a network error and no status. */
export function describeHandshakeError(error: string): string {
  const known = NO_RESPONSE.find((e) => e.match.test(error));
  if (known) return known.text;
  if (error === CHROME_HIDDEN) return 'failed — reason hidden by Chrome';
  return `failed — ${error}`;
}

export interface CloseSummary {
  code: number;
  /** e.g. "1006 Abnormal Closure". */
  title: string;
  meaning: string;
  reason: string;
  wasClean: boolean;
  /** "page called close(4001, "bye")", or null when the close came from the other side. */
  pageCall: string | null;
  application: boolean;
}

export function closeSummary(conn: ConnectionRecord): CloseSummary | null {
  const c = conn.close;
  if (!c) return null;
  const info = describeCloseCode(c.code);
  const call = conn.closeCall;
  const args = call ? [call.code, call.reason === undefined ? undefined : JSON.stringify(call.reason)].filter((x) => x !== undefined) : [];
  return {
    code: c.code,
    title: `${c.code} ${info.name}`,
    meaning: info.meaning,
    reason: c.reason,
    wasClean: c.wasClean,
    pageCall: call ? `page called close(${args.join(', ')})` : null,
    application: c.code >= 4000 && c.code <= 4999,
  };
}

/** Header lookup, case-insensitive (HTTP field names are). */
export function headerValue(headers: readonly { name: string; value: string }[] | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** base64(SHA-1(key + GUID)): the Sec-WebSocket-Accept a server must answer for `key` (the codec's, RFC 6455 4.2.2). */
export function expectedAccept(key: string): Promise<string> {
  return computeAccept(key);
}

export type AcceptCheck = { state: 'match' } | { state: 'mismatch'; expected: string } | { state: 'unknown' };

/** Verifies the handshake's key/accept pair when both headers are known. */
export async function checkAccept(conn: ConnectionRecord): Promise<AcceptCheck> {
  const key = headerValue(conn.handshake?.requestHeaders, 'Sec-WebSocket-Key');
  const accept = headerValue(conn.handshake?.responseHeaders, 'Sec-WebSocket-Accept');
  if (!key || !accept || typeof crypto === 'undefined' || !crypto.subtle) return { state: 'unknown' };
  const expected = await expectedAccept(key);
  return expected === accept.trim() ? { state: 'match' } : { state: 'mismatch', expected };
}
