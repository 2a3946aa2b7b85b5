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

  it('scans binary payloads as Latin-1 for JWTs', () => {
    const r = new Redactor();
    const bytes = new Uint8Array([0x01, ...new TextEncoder().encode(JWT), 0xff]);
    expect(new TextDecoder('latin1').decode(r.bytes(bytes, 'm'))).toBe('\x01«redacted:1»\xff');
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
