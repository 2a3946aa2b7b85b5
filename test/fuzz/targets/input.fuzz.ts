/**
 * Pasted bytes (the Decode bytes tool, compose's binary input): every hex
 * form of src/protocol/hex.ts, base64 in src/protocol/base64.ts and
 * src/model/base64.ts. Parsers return a value or an error with a line and
 * column inside the text; bytes written out in any form read back the same.
 */
import fc from 'fast-check';
import { parseBase64, encodeBase64 } from '../../../src/protocol/base64';
import { parseHex } from '../../../src/protocol/hex';
import { parseBytes } from '../../../src/protocol/input';
import { Base64Error, base64ToBytes, bytesToBase64 } from '../../../src/model/base64';
import type { FuzzTarget } from '../target';
import { HEX_FORMS } from '../seeds';

interface Input {
  text: string;
  bytes: Uint8Array;
  form: number;
}

/** Ways people paste bytes, for the round trip. */
const FORMS: ((b: Uint8Array) => string)[] = [
  (b) => Buffer.from(b).toString('hex'),
  (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' '),
  (b) => [...b].map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(', '),
  (b) => [...b].map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join(''),
  (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'),
  (b) => encodeBase64(b),
  (b) => bytesToBase64(b).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
];

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function checkError(text: string, r: { ok: true } | { ok: false; error: { line: number; column: number } }, what: string): void {
  if (r.ok) return;
  const lines = text.split('\n');
  const { line, column } = r.error;
  const width = lines[line - 1]?.length;
  if (width === undefined || column < 0 || column > width + 1)
    throw new Error(`${what}: error at line ${line}, column ${column}, outside the text`);
}

const messyText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxX:\\ \n\t,=+/-_|.gz'.split('')), maxLength: 200 }),
  fc.string({ maxLength: 100 }),
  fc
    .constantFrom(...HEX_FORMS)
    .chain((f) => fc.tuple(fc.nat(f.length), fc.string({ maxLength: 4 })).map(([at, s]) => f.slice(0, at) + s + f.slice(at))),
);

export const target: FuzzTarget<Input> = {
  name: 'input.bytes',
  arbitrary: fc.record({ text: messyText, bytes: fc.uint8Array({ maxLength: 64 }), form: fc.nat(FORMS.length - 1) }),
  run({ text, bytes, form }) {
    for (const [what, r] of [
      ['parseHex', parseHex(text)],
      ['parseBase64', parseBase64(text)],
      ['parseBytes', parseBytes(text)],
    ] as const)
      checkError(text, r, what);
    try {
      base64ToBytes(text);
    } catch (e) {
      if (!(e instanceof Base64Error)) throw e; // its documented failure; anything else is a bug
    }
    const written = (FORMS[form] as (b: Uint8Array) => string)(bytes);
    const isBase64 = form >= 5;
    const back = isBase64 ? parseBase64(written) : parseHex(written);
    if (bytes.length > 0 && (!back.ok || !same(back.value, bytes)))
      throw new Error(
        `round trip of form ${form} failed: ${JSON.stringify(written)} → ${back.ok ? Buffer.from(back.value).toString('hex') : back.error.message}`,
      );
    if (!same(base64ToBytes(bytesToBase64(bytes)), bytes)) throw new Error('model/base64 round trip failed');
    return back;
  },
  budgetMs: 20,
};
