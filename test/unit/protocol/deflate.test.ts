/** RFC 7692: extension negotiation parameters and the section 7.2.3 examples not in the shared vectors. */
import { describe, expect, it } from 'vitest';
import {
  MessageDeflater,
  MessageInflater,
  decodeAll,
  negotiatedDeflate,
  parseDeflateParams,
  parseExtensionsHeader,
  toHex,
} from '../../../src/protocol/index';
import { hex } from './helpers';

describe('Sec-WebSocket-Extensions parsing (RFC 6455 9.1)', () => {
  it('parses several extensions with params and quoted values', () => {
    const r = parseExtensionsHeader('permessage-deflate; client_max_window_bits; server_max_window_bits="10", x-foo');
    expect(r).toEqual({
      ok: true,
      value: [
        {
          name: 'permessage-deflate',
          column: 1,
          params: [
            { name: 'client_max_window_bits', value: null, column: 21 },
            { name: 'server_max_window_bits', value: '10', column: 45 },
          ],
        },
        { name: 'x-foo', column: 74, params: [] },
      ],
    });
  });

  it.each([
    ['permessage-deflate;', 20, 'expected a parameter name'],
    ['permessage-deflate; a=', 23, 'expected a parameter value'],
    ['permessage-deflate; a="1', 23, 'unterminated'],
    ['permessage-deflate x', 20, "unexpected 'x'"],
  ])('reports %j at column %i', (header, column, text) => {
    const r = parseExtensionsHeader(header);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'EXTENSION_SYNTAX', column });
    expect(r.error.message).toContain(text);
  });
});

describe('permessage-deflate parameters (RFC 7692 7.1)', () => {
  it('reads a full response', () => {
    expect(
      negotiatedDeflate(
        'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=8',
      ),
    ).toEqual({
      ok: true,
      value: { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 8 },
    });
    expect(negotiatedDeflate('x-other')).toEqual({ ok: true, value: null });
  });

  it('allows a valueless client_max_window_bits only in an offer', () => {
    const parsed = parseExtensionsHeader('permessage-deflate; client_max_window_bits');
    if (!parsed.ok) throw new Error('parse');
    const params = parsed.value[0]?.params ?? [];
    expect(parseDeflateParams(params, 'offer')).toMatchObject({ ok: true, value: { clientMaxWindowBits: true } });
    expect(parseDeflateParams(params, 'response')).toMatchObject({ ok: false, error: { code: 'PMD_MISSING_VALUE', column: 21 } });
  });

  it.each([
    ['permessage-deflate; server_max_window_bits=7', 'PMD_INVALID_VALUE'],
    ['permessage-deflate; server_max_window_bits=16', 'PMD_INVALID_VALUE'],
    ['permessage-deflate; server_max_window_bits=010', 'PMD_INVALID_VALUE'],
    ['permessage-deflate; server_no_context_takeover=1', 'PMD_INVALID_VALUE'],
    ['permessage-deflate; server_no_context_takeover; server_no_context_takeover', 'PMD_DUPLICATE_PARAM'],
    ['permessage-deflate; foo', 'PMD_UNKNOWN_PARAM'],
  ])('rejects %j with %s', (header, code) => {
    expect(negotiatedDeflate(header)).toMatchObject({ ok: false, error: { code, rfc: 'RFC 7692 7.1' } });
  });
});

describe('RFC 7692 7.2.3 examples', () => {
  const inflate = (h: string): string => new TextDecoder().decode(new MessageInflater(false).inflate(hex(h)));
  it('7.2.3.4: a DEFLATE block with BFINAL set', () => expect(inflate('f348cdc9c90700')).toBe('Hello'));
  it('7.2.3.5: two DEFLATE blocks in one message', () => expect(inflate('f24805000000ffffcac9c90700')).toBe('Hello'));
  it('deflating "Hello" gives the RFC 7.2.3.1 bytes', () => {
    expect(toHex(new MessageDeflater(false).deflate(new TextEncoder().encode('Hello')))).toBe('f248cdc9c90700');
  });

  it('7.2.3.6: an empty message is 00, also right after a flush, and the stream goes on', () => {
    const deflater = new MessageDeflater(false);
    const inflater = new MessageInflater(false);
    for (const t of ['', 'Hello', '', '', 'Hello again']) {
      const payload = deflater.deflate(new TextEncoder().encode(t));
      if (t === '') expect(toHex(payload)).toBe('00');
      expect(new TextDecoder().decode(inflater.inflate(payload))).toBe(t);
    }
  });

  it('without context takeover the second RFC 7.2.3.2 message cannot be inflated', () => {
    const params = { serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: null, clientMaxWindowBits: null };
    const r = decodeAll(hex('c107f248cdc9c90700c105f200110000'), { direction: 'server-to-client', permessageDeflate: params });
    expect(r.messages.map((m) => m.text)).toEqual(['Hello']);
    expect(r.errors).toMatchObject([{ code: 'INFLATE_FAILED', byteOffset: 11, frameOffset: 9 }]);
  });

  it('reports RSV1 compressed data that is not DEFLATE', () => {
    const params = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: null, clientMaxWindowBits: null };
    const r = decodeAll(hex('c102ffff'), { direction: 'server-to-client', permessageDeflate: params });
    expect(r.errors).toMatchObject([{ code: 'INFLATE_FAILED', byteOffset: 2, rfc: 'RFC 7692 7.2.2' }]);
  });
});
