import { describe, expect, test } from 'vitest';
import { describeHandshakeError, handshakeStatus } from '../../../src/panel/connections/conn-info';
import { conn } from './helpers';

const failed = (error: string, status?: number) =>
  handshakeStatus(
    conn('c', { state: 'error', handshake: { url: '', requestId: '1', t: 0, error, ...(status !== undefined ? { status } : {}) } }),
  );

describe('handshake wording says what the browser showed, and nothing it did not', () => {
  test('a TCP refusal had no HTTP response in either browser: nothing was hidden', () => {
    expect(failed('net::ERR_CONNECTION_REFUSED')).toEqual({
      text: 'connection refused — no HTTP response',
      tone: 'bad',
      detail: 'net::ERR_CONNECTION_REFUSED',
    });
    expect(failed('NS_ERROR_CONNECTION_REFUSED')?.text).toBe('connection refused — no HTTP response');
  });
  test('other network errors before any response are named', () => {
    expect(describeHandshakeError('net::ERR_NAME_NOT_RESOLVED')).toBe('host not found — no HTTP response');
    expect(describeHandshakeError('NS_ERROR_UNKNOWN_HOST')).toBe('host not found — no HTTP response');
    expect(describeHandshakeError('net::ERR_CONNECTION_TIMED_OUT')).toBe('timed out — no HTTP response');
    expect(describeHandshakeError('NS_ERROR_NET_TIMEOUT')).toBe('timed out — no HTTP response');
    expect(describeHandshakeError('net::ERR_CONNECTION_RESET')).toBe('connection reset — no HTTP response');
    expect(describeHandshakeError('net::ERR_EMPTY_RESPONSE')).toBe('connection closed — no HTTP response');
    expect(describeHandshakeError('net::ERR_INTERNET_DISCONNECTED')).toBe('network unreachable — no HTTP response');
    expect(describeHandshakeError('net::ERR_CERT_AUTHORITY_INVALID')).toBe('TLS failed — no HTTP response');
    expect(describeHandshakeError('SEC_ERROR_UNKNOWN_ISSUER')).toBe('TLS failed — no HTTP response');
    expect(describeHandshakeError('net::ERR_BLOCKED_BY_CLIENT')).toBe('blocked by the browser or an extension — not sent');
  });
  test('a known status is shown as the status, whatever error came with it', () => {
    expect(failed('NS_ERROR_FAILURE', 403)).toEqual({ text: '403 Forbidden', tone: 'bad', detail: 'NS_ERROR_FAILURE' });
    expect(failed('net::ERR_FAILED', 401)?.text).toBe('401 Unauthorized');
  });
  test("Chrome's bare net::ERR_FAILED (a refusing status or no server: Chrome does not say which) claims neither", () => {
    expect(failed('net::ERR_FAILED')?.text).toBe('failed — reason hidden by Chrome');
    expect(failed('net::ERR_FAILED')?.detail).toMatch(/refused with an HTTP status \(all but 401\) and for a server it could not reach/);
    expect(describeHandshakeError('net::ERR_INVALID_HTTP_RESPONSE')).toBe('failed — net::ERR_INVALID_HTTP_RESPONSE');
    expect(describeHandshakeError('NS_ERROR_FAILURE')).toBe('failed — NS_ERROR_FAILURE');
  });
});
