import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { bytesToBase64 } from '../../../src/model/base64';
import {
  BYTE_LIST_MAX,
  copyAsBase64,
  copyAsCode,
  copyAsHex,
  copyAsJson,
  copyAsText,
  handshakeText,
  jsString,
} from '../../../src/panel/detail/copy-as';
import { createPanelStore } from '../../../src/panel/capture/store';
import { connectionTerm, directionTerm, opcodeTerm, quoteValue, withTerm } from '../../../src/panel/filter/filter-terms';
import { placeMenu, shiftInside } from '../../../src/panel/ui/menu-place';
import { conn, msg } from './helpers';

const bin = (bytes: number[] | Uint8Array, extra = {}) => msg(1, { opcode: 2, data: bytesToBase64(Uint8Array.from(bytes)), ...extra });
/** What a pasted `ws.send(...)` line sends: run it in a fresh context against a fake socket. */
function sent(code: string): string | Uint8Array {
  let out: string | Uint8Array = '';
  const atob = (s: string) => Buffer.from(s, 'base64').toString('latin1');
  runInNewContext(code, { ws: { send: (d: string | Uint8Array) => (out = d) }, Uint8Array, atob });
  return out;
}

describe('copy as (pure)', () => {
  test('text, hex and base64 of a text message are its UTF-8 bytes', () => {
    const rec = msg(1, { data: 'hé 😀' });
    expect(copyAsText(rec)).toBe('hé 😀');
    expect(copyAsHex(rec)).toBe('68 c3 a9 20 f0 9f 98 80');
    expect(copyAsBase64(rec)).toBe('aMOpIPCfmIA=');
  });

  test('a lone surrogate is copied as send() encodes it (U+FFFD) in bytes, and kept exactly in code', () => {
    const rec = msg(1, { data: 'a\ud800b' });
    expect(copyAsHex(rec)).toBe('61 ef bf bd 62');
    const code = copyAsCode(rec) as string;
    expect(code).toBe('ws.send("a\\ud800b");');
    expect(sent(code)).toBe('a\ud800b');
  });

  test('binary: base64 as stored, hex of the bytes, code as a byte list that sends the same bytes', () => {
    const rec = bin([0, 1, 0x7f, 0x80, 0xff]);
    expect(copyAsBase64(rec)).toBe(rec.data);
    expect(copyAsHex(rec)).toBe('00 01 7f 80 ff');
    expect(copyAsCode(rec)).toBe('ws.send(new Uint8Array([0, 1, 127, 128, 255]));');
    expect(Array.from(sent(copyAsCode(rec) as string) as Uint8Array)).toEqual([0, 1, 127, 128, 255]);
    expect(copyAsText(bin([0x68, 0x69, 0xff]))).toBe('hi\ufffd');
  });

  test('large binary is copied as base64 decoded in place, not a 4-characters-per-byte list', () => {
    const bytes = Uint8Array.from({ length: BYTE_LIST_MAX + 1 }, (_, i) => (i * 31) & 0xff);
    const code = copyAsCode(bin(bytes)) as string;
    expect(code.length).toBeLessThan(bytes.length * 1.4 + 100);
    expect(Array.from(sent(code) as Uint8Array)).toEqual(Array.from(bytes));
  });

  test('hostile text: quotes, backslashes, line separators, markup and a script end tag stay one string literal', () => {
    const nasty = '"); alert(1); ("\\\n\u2028\u2029</script><img src=x onerror=alert(1)>`${x}`';
    const code = copyAsCode(msg(1, { data: nasty })) as string;
    expect(code.split('\n')).toHaveLength(1);
    expect(sent(code)).toBe(nasty);
    expect(jsString('\u0000')).toBe('"\\u0000"');
  });

  test('an 8 MiB payload copies in full', () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    expect(copyAsBase64(msg(1, { data: big })).length).toBe(Math.ceil(big.length / 3) * 4);
    expect(copyAsCode(msg(1, { data: big }))?.length).toBe(big.length + 12);
    expect(copyAsJson(msg(1, { data: big }))).toBeNull(); // refused at its first character, not parsed
  });

  test('invalid stored base64 gives null for the byte forms (the menu disables them), never a throw', () => {
    const rec = msg(1, { opcode: 2, data: '!!not base64' });
    expect(copyAsHex(rec)).toBeNull();
    expect(copyAsCode(rec)).toBeNull();
    expect(copyAsJson(rec)).toBeNull();
    expect(copyAsText(rec)).toBe('');
  });

  test('JSON: pretty when the payload parses (text or UTF-8 binary), null otherwise, null past the stack depth', () => {
    expect(copyAsJson(msg(1, { data: '{"a":[1,{"b":null}]}' }))).toBe('{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}');
    expect(copyAsJson(bin([...new TextEncoder().encode('[1,2]')]))).toBe('[\n  1,\n  2\n]');
    expect(copyAsJson(msg(1, { data: '42["chat",{}]' }))).toBeNull();
    expect(copyAsJson(msg(1, { data: 'hello' }))).toBeNull();
    expect(copyAsJson(bin([0x5b, 0xff, 0x5d]))).toBeNull(); // not UTF-8
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(() => copyAsJson(msg(1, { data: deep }))).not.toThrow();
  });

  test('handshake headers as HTTP text; null when the browser reported none', () => {
    expect(handshakeText(conn('c1'))).toBeNull();
    const c = conn('c1', {
      handshake: {
        url: 'wss://example.test/sock?room=1',
        requestId: '1',
        t: 0,
        requestHeaders: [{ name: 'Upgrade', value: 'websocket' }],
        responseHeaders: [{ name: 'Sec-WebSocket-Accept', value: 'abc=' }],
        statusLine: 'HTTP/1.1 101 Switching Protocols',
      },
    });
    expect(handshakeText(c)).toBe(
      'GET /sock?room=1 HTTP/1.1\nUpgrade: websocket\n\nHTTP/1.1 101 Switching Protocols\nSec-WebSocket-Accept: abc=',
    );
  });
});

describe('filter terms (pure)', () => {
  test('terms are ANDed once onto the query', () => {
    expect(withTerm('', 'dir:out')).toBe('dir:out');
    expect(withTerm('  chen ', 'dir:out')).toBe('chen dir:out');
    expect(withTerm('chen dir:out', 'dir:out')).toBe('chen dir:out');
    expect(directionTerm('in')).toBe('dir:in');
    expect(opcodeTerm(2)).toBe('type:binary');
    expect(quoteValue('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  test('the connection term matches exactly that connection, whatever its id holds', () => {
    const ids = ['a1:1', 'a1:10', 'we"ird\\ id:2'];
    const { compileFilter } = createPanelStore();
    for (const id of ids) {
      const { filter, error } = compileFilter(connectionTerm(id), { connection: (c) => conn(c, { url: `wss://x.test/${c}` }) });
      expect(error).toBeUndefined();
      expect(ids.filter((other) => filter?.test(msg(1, { conn: other })))).toEqual([id]);
    }
  });
});

describe('menu placement (pure)', () => {
  const menu = { width: 200, height: 240 };
  test('at the pointer when it fits', () => {
    expect(placeMenu({ x: 10, y: 10 }, menu, { width: 555, height: 800 })).toEqual({ left: 10, top: 10 });
  });
  test('flipped left and up at the right and bottom edges of a 555×300 panel', () => {
    expect(placeMenu({ x: 540, y: 290 }, menu, { width: 555, height: 300 })).toEqual({ left: 340, top: 50 });
  });
  test('clamped inside when neither side fits, and scrolling when taller than the panel', () => {
    expect(placeMenu({ x: 100, y: 150 }, menu, { width: 555, height: 300 })).toEqual({ left: 100, top: 56 });
    expect(placeMenu({ x: 100, y: 100 }, { width: 200, height: 400 }, { width: 555, height: 300 })).toEqual({
      left: 100,
      top: 4,
      maxHeight: 292,
    });
    const p = placeMenu({ x: 500, y: 10 }, { width: 700, height: 20 }, { width: 555, height: 300 });
    expect(p.left).toBe(4);
  });
  test('a popover that would open off the left or right edge is moved inside', () => {
    expect(shiftInside(-230, 130, 555)).toBe(234);
    expect(shiftInside(400, 700, 555)).toBe(-149);
    expect(shiftInside(100, 300, 555)).toBe(0);
    expect(shiftInside(-10, 700, 555)).toBe(14); // wider than the panel: its left edge stays visible
  });
});
