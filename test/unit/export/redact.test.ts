import { describe, expect, it } from 'vitest';
import { exportHarText, exportNdjson, previewRedaction, Redactor } from '../../../src/export';
import { JWT, sampleCapture } from './sample';

describe('redaction', () => {
  it('replaces secret headers, query parameters and JSON fields with stable placeholders', () => {
    const r = new Redactor();
    const url = r.url('ws://h/chat?CGISESSID=abc123&room=42&access_token=t0k', 'u');
    expect(url).toBe(
      `ws://h/chat?CGISESSID=${encodeURIComponent('«redacted:1»')}&room=42&access_token=${encodeURIComponent('«redacted:2»')}`,
    );
    expect(r.header('Cookie', 'CGISESSID=abc123; theme=dark', 'h')).toBe('CGISESSID=«redacted:1»; theme=«redacted:3»');
    expect(r.header('Set-Cookie', 'sid=abc123; Path=/; HttpOnly', 'h')).toBe('sid=«redacted:1»; Path=/; HttpOnly');
    expect(r.header('Authorization', 'Bearer x', 'h')).toBe('«redacted:4»');
    expect(r.header('Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==', 'h')).toBe('«redacted:5»');
    expect(r.header('Accept', 'text/html', 'h')).toBe('text/html');
    // The same secret elsewhere gets the same placeholder, so correlation survives.
    expect(r.text('{"sid":"abc123","n":1}', 'm')).toBe('{"sid":"«redacted:1»","n":1}');
    expect(r.text('login CGISESSID=abc123 ok', 'm')).toBe('login CGISESSID=«redacted:1» ok');
  });

  it('finds JWTs anywhere, including in Socket.IO auth packets and escaped JSON', () => {
    const r = new Redactor();
    expect(r.text(`42["auth",{"token":"${JWT}"}]`, 'm')).toBe('42["auth",{"token":"«redacted:1»"}]');
    expect(r.text(`42["login","${JWT}"]`, 'm')).toBe('42["login","«redacted:1»"]');
    expect(r.text(`{"payload":"{\\"password\\":\\"hunter2\\"}"}`, 'm')).toBe('{"payload":"{\\"password\\":\\"«redacted:2»\\"}"}');
    expect(r.text('Authorization: Bearer abcdef123456', 'm')).toBe('Authorization: Bearer «redacted:3»');
    expect(r.text('{"monkey":"banana","author":"me","keyboard":"qwerty"}', 'm')).toBe(
      '{"monkey":"banana","author":"me","keyboard":"qwerty"}',
    );
  });

  it('applies user-defined names and regexes', () => {
    const r = new Redactor({ names: ['room'], patterns: [/user-(\d+)/, /acct_[a-z]+/] });
    expect(r.url('ws://h/?room=42', 'u')).toBe(`ws://h/?room=${encodeURIComponent('«redacted:1»')}`);
    expect(r.text('hello user-77 and acct_xyz', 'm')).toBe('hello user-«redacted:2» and «redacted:3»');
    expect(r.text('{"room":"42","sid":"s1"}', 'm')).toBe('{"room":"«redacted:1»","sid":"«redacted:4»"}');
  });

  it('redacts binary that is not UTF-8 byte by byte, keeping the other bytes and writing placeholders as UTF-8', () => {
    const r = new Redactor();
    const bytes = new Uint8Array([0x01, 0xff, ...new TextEncoder().encode(`auth ${JWT} Bearer abcdefgh123`), 0x80, 0x00]);
    const out = r.bytes(bytes, 'm');
    expect([...out.subarray(0, 2)]).toEqual([0x01, 0xff]);
    expect([...out.subarray(out.length - 2)]).toEqual([0x80, 0x00]);
    // The text between the raw bytes is valid UTF-8 again: « and » are C2 AB / C2 BB, not lone AB / BB.
    expect(new TextDecoder('utf-8', { fatal: true }).decode(out.subarray(2, out.length - 2))).toBe('auth «redacted:2» Bearer «redacted:1»');
  });

  it('redacts binary payloads that are UTF-8 text as text: same placeholders, bytes still UTF-8', () => {
    const r = new Redactor();
    const secret = 'süß-geheim-42';
    expect(r.text(`{"session":"${secret}"}`, 'text message')).toBe('{"session":"«redacted:1»"}');
    const json = `{"token":"${secret}","name":"Jürgen ✓","auth":"${JWT}"}`;
    const out = r.bytes(new TextEncoder().encode(json), 'binary message');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(out); // throws if the bytes are not UTF-8
    expect(text).toBe('{"token":"«redacted:1»","name":"Jürgen ✓","auth":"«redacted:2»"}');
    const found = new TextDecoder('latin1').decode(out);
    expect(found).not.toContain(JWT);
    // Nothing to redact: the very same bytes come back.
    const clean = new TextEncoder().encode('{"name":"Jürgen"}');
    expect(r.bytes(clean, 'm')).toBe(clean);
  });

  it('exports no secret from a binary UTF-8 payload, in HAR and NDJSON', () => {
    const { connections, messages } = sampleCapture();
    const secret = 'ünïcode-sëssion-77';
    const data = Buffer.from(`42["auth",{"sid":"${secret}","jwt":"${JWT}"}]`).toString('base64');
    const m = { ...messages[0]!, id: 999, opcode: 2 as const, data, size: Buffer.from(data, 'base64').length };
    for (const out of [exportHarText(connections, [m]), exportNdjson(connections, [m])]) {
      const b64 = /"([A-Za-z0-9+/=]{40,})"/.exec(out)![1]!;
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(b64, 'base64'));
      expect(decoded).toMatch(/^42\["auth",\{"sid":"«redacted:\d+»","jwt":"«redacted:\d+»"\}\]$/);
      expect(out).not.toContain(JWT);
    }
  });

  it('is on by default in every exporter and off only when asked', () => {
    const { connections, messages } = sampleCapture();
    for (const out of [exportHarText(connections, messages), exportNdjson(connections, messages)]) {
      expect(out).not.toContain('abc123secret');
      expect(out).not.toContain(JWT);
      expect(out).toContain('«redacted:');
    }
    expect(exportHarText(connections, messages)).not.toContain('dGhlIHNhbXBsZSBub25jZQ==');
    expect(exportHarText(connections, messages, { redact: { enabled: false } })).toContain(JWT);
  });

  it('previews what will be redacted, with counts', () => {
    const { connections, messages } = sampleCapture();
    const p = previewRedaction(connections, messages);
    expect(p.enabled).toBe(true);
    // Cookie: 2 values; Sec-WebSocket-Key; Set-Cookie. The Socket.IO token is found as a JSON field (before the JWT pass).
    expect(p.counts).toEqual({ header: 4, query: 2, field: 1, jwt: 0, bearer: 0, pattern: 0 });
    expect(p.items.find((i) => i.where === 'message 1')).toMatchObject({ kind: 'field', name: 'token' });
    // abc123secret in the URL, the handshake URL and the cookie: one secret, one placeholder.
    expect(new Set(p.items.filter((i) => /CGISESSID/.test(i.name)).map((i) => i.placeholder)).size).toBe(1);
    expect(p.secrets).toBe(5);
    expect(previewRedaction(connections, messages, { enabled: false }).items).toEqual([]);
  });
});
