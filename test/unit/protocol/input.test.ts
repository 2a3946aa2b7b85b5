/** Pasted input: hex in the forms capture tools print, base64, and errors with line/column. */
import { describe, expect, it } from 'vitest';
import { encodeBase64, parseBase64, parseBytes, parseHex, toHex } from '../../../src/protocol/index';

const FRAME = '818537fa213d7f9f4d5158';

describe('parseHex', () => {
  it.each([
    ['plain', '818537fa213d7f9f4d5158'],
    ['upper case, spaced', '81 85 37 FA 21 3D 7F 9F 4D 51 58'],
    ['0x-prefixed with commas (C array)', '0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58'],
    ['\\x escapes', '\\x81\\x85\\x37\\xfa\\x21\\x3d\\x7f\\x9f\\x4d\\x51\\x58'],
    ['colon-separated (tshark -T fields)', '81:85:37:fa:21:3d:7f:9f:4d:51:58'],
    ['multi-line plain', '8185 37fa\r\n213d 7f9f\n4d51 58\n'],
    ['Wireshark copy as hex dump', '0000   81 85 37 fa 21 3d 7f 9f 4d 51 58                  ..7.!=.MQX'],
    ['hexdump -C', '00000000  81 85 37 fa 21 3d 7f 9f  4d 51 58                 |..7.!=.MQX|\n0000000b'],
    ['xxd', '00000000: 8185 37fa 213d 7f9f 4d51 58                   ..7.!=.MQX'],
  ])('%s', (_name, input) => {
    const r = parseHex(input);
    expect(r.ok && toHex(r.value)).toBe(FRAME);
  });

  it('reads a multi-line tshark -x dump and ignores hex-looking ASCII columns', () => {
    const dump = [
      '0000  81 7e 00 14 61 62 63 64 65 66 61 62 63 64 65 66   .~..abcdefabcdef',
      '0010  61 62 63 64 65 66 61 62                           abcdefab',
    ].join('\n');
    const r = parseHex(dump);
    expect(r.ok && toHex(r.value)).toBe('817e0014' + '616263646566'.repeat(2) + '6162636465666162');
  });

  it('says where a non-hex character is (1-based line and column)', () => {
    expect(parseHex('81 85\n37 fa 2g')).toEqual({
      ok: false,
      error: { code: 'NOT_HEX', line: 2, column: 8, message: "not hex: 'g' at line 2, column 8" },
    });
    expect(parseHex('8185 37fa 213d 7fZ9')).toMatchObject({ ok: false, error: { code: 'NOT_HEX', column: 18 } });
  });

  it('rejects an odd number of digits at the digit without a partner', () => {
    expect(parseHex('81 8 37')).toMatchObject({ ok: false, error: { code: 'ODD_HEX_DIGITS', line: 1, column: 4 } });
  });

  it('rejects empty input', () => {
    expect(parseHex('  \n ')).toMatchObject({ ok: false, error: { code: 'EMPTY_INPUT' } });
  });
});

describe('base64', () => {
  it('round-trips every length 0-20', () => {
    for (let n = 1; n <= 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      const back = parseBase64(text);
      expect(back.ok && toHex(back.value)).toBe(toHex(bytes));
    }
  });

  it('accepts URL-safe alphabet, no padding and line breaks', () => {
    const r = parseBase64('gYU3-iE9\nf59NUVg');
    expect(r.ok && toHex(r.value)).toBe(FRAME);
  });

  it.each([
    ['gYU3*iE9', 'NOT_BASE64', 1, 5],
    ['gYU3iE9=A', 'BAD_BASE64_PADDING', 1, 9],
    ['gYU3i', 'BAD_BASE64_LENGTH', 1, 5],
    ['gYU3iE===', 'BAD_BASE64_PADDING', 1, 9],
  ])('rejects %j with %s at %i:%i', (text, code, line, column) => {
    expect(parseBase64(text)).toMatchObject({ ok: false, error: { code, line, column } });
  });
});

describe('parseBytes', () => {
  it('detects hex first, then base64', () => {
    const hexIn = parseBytes('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    expect(hexIn.ok && toHex(hexIn.value)).toBe(FRAME);
    const b64 = parseBytes('gYU3+iE9f59NUVg=');
    expect(b64.ok && toHex(b64.value)).toBe(FRAME);
    expect(parseBytes('hello world!')).toMatchObject({ ok: false, error: { code: 'NOT_HEX', column: 1 } });
  });
});
