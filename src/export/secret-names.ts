/**
 * Which names look like they hold a secret: headers that carry credentials
 * (RFC 6265 cookies, RFC 7235 authorization, RFC 6455 4.1 the client's
 * Sec-WebSocket-Key) and query / JSON / form field names used for session
 * ids and tokens across frameworks (PHP `PHPSESSID`, Perl CGI::Session
 * `CGISESSID`, Java `JSESSIONID`, Socket.IO `sid`, OAuth `access_token`).
 */

/** Header names redacted whole (lower case). */
export const SECRET_HEADERS: readonly string[] = ['cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'sec-websocket-key'];

/** Whole words (after splitting camelCase, `_`, `-`, `.`) that mark a secret. */
const SECRET_WORDS = new Set([
  'sid',
  'key',
  'token',
  'session',
  'sessid',
  'sessionid',
  'auth',
  'password',
  'passwd',
  'pwd',
  'secret',
  'jwt',
  'apikey',
  'credential',
  'credentials',
  'cookie',
  'signature',
  'sig',
  'bearer',
  'otp',
  'authorization',
]);

/** Substrings that mark a secret even inside a longer word (`CGISESSID`, `x-api-token`, `clientSecret`). */
const SECRET_PARTS = /token|passw|secret|sess(?:ion)?id|cgisess|jsession|phpsess|api_?key|jwt|credential|bearer/i;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Does a field called `name` look like it holds a secret? `extra`: user-defined names (exact, case-insensitive). */
export function isSecretName(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  if (name.length === 0 || name.length > 200) return false;
  const lower = name.toLowerCase();
  if (extra.has(lower)) return true;
  if (SECRET_PARTS.test(name)) return true;
  return words(name).some((w) => SECRET_WORDS.has(w));
}

/** Is this header redacted whole? */
export function isSecretHeader(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.includes(lower) || extra.has(lower);
}
