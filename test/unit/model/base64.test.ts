import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Base64Error, base64ToBytes, bytesToBase64, truncateUtf8, utf8Length } from '../../../src/model/base64';

describe('encoding helpers', () => {
  it('utf8Length agrees with the platform encoder on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === new TextEncoder().encode(s).length));
  });
  it('truncateUtf8 gives the longest prefix that fits, never half a pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(40), (s, max) => {
        const cut = truncateUtf8(s, max);
        const fits = utf8Length(cut) <= max;
        const longest =
          cut.length === s.length || utf8Length(s.slice(0, cut.length + (/[\ud800-\udbff]/.test(s[cut.length] ?? '') ? 2 : 1))) > max;
        return s.startsWith(cut) && fits && longest;
      }),
    );
  });
  it('round-trips bytes through base64', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70000 }), (b) => Buffer.from(base64ToBytes(bytesToBase64(b))).equals(Buffer.from(b))));
  });
  it('says what is wrong with invalid base64', () => {
    expect(() => base64ToBytes('AQ!D')).toThrow(Base64Error);
    expect(() => base64ToBytes('AQ!D')).toThrow(/'!' at position 3/);
  });
});
