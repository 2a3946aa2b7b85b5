/** Encoder: exact bytes for hand-checked frames, deliberate protocol violations, fragmentation. */
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeFrame, fragmentMessage, randomMaskingKey, toHex } from '../../../src/protocol/index';
import { hex } from './helpers';

describe('encodeFrame', () => {
  it('reproduces the RFC 6455 5.7 examples byte for byte', () => {
    const masked = encodeFrame({ opcode: 1, payload: 'Hello', maskingKey: hex('37fa213d') });
    expect(masked.ok && toHex(masked.value.bytes)).toBe('818537fa213d7f9f4d5158');
    const text = encodeFrame({ opcode: 1, payload: 'Hello' });
    expect(text.ok && toHex(text.value.bytes)).toBe('810548656c6c6f');
    const ping = encodeFrame({ opcode: 9, payload: 'Hello' });
    expect(ping.ok && toHex(ping.value.bytes)).toBe('890548656c6c6f');
  });

  it('encodes a forced non-minimal length and flags it', () => {
    const r = encodeFrame({ opcode: 1, payload: 'Hello', lengthEncoding: '16' });
    expect(r.ok && [toHex(r.value.bytes), r.value.minimalLength]).toEqual(['817e000548656c6c6f', false]);
    const r64 = encodeFrame({ opcode: 2, payload: new Uint8Array(0), lengthEncoding: '64' });
    expect(r64.ok && toHex(r64.value.bytes)).toBe('827f0000000000000000');
  });

  it('encodes frames a decoder must reject, for teaching', () => {
    const r = encodeFrame({ opcode: 0x9, fin: false, rsv1: true, payload: 'x' });
    expect(r.ok && toHex(r.value.bytes)).toBe('490178');
  });

  it('refuses what cannot be represented', () => {
    expect(encodeFrame({ opcode: 16 })).toMatchObject({ ok: false, error: { code: 'BAD_OPCODE' } });
    expect(encodeFrame({ opcode: 1, maskingKey: new Uint8Array(3) })).toMatchObject({ ok: false, error: { code: 'BAD_MASKING_KEY' } });
    expect(encodeFrame({ opcode: 1, payload: new Uint8Array(126), lengthEncoding: '7' })).toMatchObject({
      ok: false,
      error: { code: 'LENGTH_DOES_NOT_FIT' },
    });
    expect(fragmentMessage('x', { opcode: 1, fragments: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_FRAGMENT_COUNT' } });
  });
});

describe('fragmentMessage', () => {
  it('splits into N frames, FIN on the last, continuation opcodes after the first', () => {
    const r = fragmentMessage('Hello', { opcode: 1, fragments: 2 });
    expect(r.ok && r.value.map((f) => toHex(f))).toEqual(['01024865', '80036c6c6f']);
  });

  it('allows more fragments than bytes (empty fragments are legal) and masks each with its own key', () => {
    const keys = [randomMaskingKey(), randomMaskingKey(), randomMaskingKey(), randomMaskingKey()];
    const r = fragmentMessage('ab', { opcode: 1, fragments: 4, maskingKey: (i) => keys[i] ?? new Uint8Array(4) });
    if (!r.ok) throw new Error(r.error.message);
    const decoded = decodeAll(r.value, { direction: 'client-to-server' });
    expect(decoded.errors).toEqual([]);
    expect(decoded.frames.map((f) => [f.fin, f.opcode, f.payloadLength])).toEqual([
      [false, 1, 0],
      [false, 0, 1],
      [false, 0, 0],
      [true, 0, 1],
    ]);
    expect(decoded.frames.map((f) => toHex(f.maskingKey ?? new Uint8Array()))).toEqual(keys.map((k) => toHex(k)));
    expect(decoded.messages[0]?.text).toBe('ab');
  });

  it('sets RSV1 on the first frame only for a compressed message', () => {
    const r = fragmentMessage(new Uint8Array(4), { opcode: 2, fragments: 2, compressed: true });
    expect(r.ok && r.value.map((f) => f[0])).toEqual([0x42, 0x80]);
  });
});
