/**
 * Every vector of test/fixtures/websocket-frames.json (a copy of the shared
 * normative vectors). Unknown fields fail the test, so nothing is skipped silently.
 */
import { describe, expect, it } from 'vitest';
import fixtures from '../../fixtures/websocket-frames.json';
import {
  DEFAULT_DEFLATE_PARAMS,
  computeAccept,
  decodeAll,
  describeError,
  guessDirection,
  parseHex,
  toHex,
  verifyAccept,
} from '../../../src/protocol/index';
import type { Frame, Message } from '../../../src/protocol/index';
import { hex } from './helpers';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function frameField(frame: Frame, key: string): unknown {
  switch (key) {
    case 'fin':
      return frame.fin ? 1 : 0;
    case 'rsv1':
      return frame.rsv1 ? 1 : 0;
    case 'rsv2':
      return frame.rsv2 ? 1 : 0;
    case 'rsv3':
      return frame.rsv3 ? 1 : 0;
    case 'opcode':
      return frame.opcode;
    case 'mask':
      return frame.masked ? 1 : 0;
    case 'maskingKey':
      return frame.maskingKey ? toHex(frame.maskingKey) : null;
    case 'payloadLength':
      return frame.payloadLength;
    case 'lengthEncoding':
      return frame.lengthEncoding;
    case 'payloadText':
      return text(frame.payload);
    default:
      throw new Error(`vector field ${key} is not mapped`);
  }
}

function messageField(message: Message | undefined, key: string): unknown {
  if (key === 'closeCode') return message?.closeCode;
  if (key === 'closeReason') return message?.text;
  throw new Error(`vector field ${key} is not mapped`);
}

describe('valid vectors', () => {
  for (const vector of fixtures.valid) {
    it(`${vector.name} (${vector.source})`, () => {
      const bytes = hex(vector.hex);
      const expect_ = vector.expect as { frames: Record<string, unknown>[]; message?: string; inflated?: string | string[] };
      const compressed = 'inflated' in expect_;
      const result = decodeAll(bytes, {
        direction: guessDirection(bytes),
        permessageDeflate: compressed ? DEFAULT_DEFLATE_PARAMS : null,
      });
      expect(result.errors).toEqual([]);
      expect(result.frames).toHaveLength(expect_.frames.length);
      expect_.frames.forEach((want, i) => {
        const frame = result.frames[i];
        if (!frame) throw new Error('missing frame');
        for (const [key, value] of Object.entries(want)) {
          if (key === 'closeCode' || key === 'closeReason') expect(messageField(result.messages[i], key), key).toBe(value);
          else expect(frameField(frame, key), key).toBe(value);
        }
      });
      for (const key of Object.keys(expect_)) expect(['frames', 'message', 'inflated']).toContain(key);
      if (expect_.message !== undefined) expect(result.messages.map((m) => m.text)).toEqual([expect_.message]);
      if (expect_.inflated !== undefined) {
        const want = Array.isArray(expect_.inflated) ? expect_.inflated : [expect_.inflated];
        expect(result.messages.map((m) => m.text)).toEqual(want);
        expect(result.messages.every((m) => m.compressed)).toBe(true);
      }
    });
  }

  it('decodes the 64-bit vector payload as 65536 zero bytes', () => {
    const vector = fixtures.valid.find((v) => v.name.startsWith('65536-byte'));
    const result = decodeAll(hex(vector?.hex ?? ''), { direction: 'server-to-client' });
    expect(result.frames[0]?.extendedLength).toBe(65536);
    expect(result.messages[0]?.data.every((b) => b === 0)).toBe(true);
    expect(result.messages[0]?.data.length).toBe(65536);
  });
});

/** Where each invalid vector must be reported: error code and the offending bits. */
const INVALID: Record<
  string,
  { code: string; byteOffset: number; bitOffset: number; bitLength: number } | { input: string; column: number }
> = {
  'RSV1 set without a negotiated extension': { code: 'RSV_WITHOUT_EXTENSION', byteOffset: 0, bitOffset: 1, bitLength: 1 },
  'control frame with 126-byte payload': { code: 'CONTROL_FRAME_TOO_LONG', byteOffset: 1, bitOffset: 1, bitLength: 23 },
  'fragmented ping': { code: 'CONTROL_FRAME_FRAGMENTED', byteOffset: 0, bitOffset: 0, bitLength: 1 },
  'reserved opcode 0x3': { code: 'RESERVED_OPCODE', byteOffset: 0, bitOffset: 4, bitLength: 4 },
  'non-minimal 16-bit length for 5 bytes': { code: 'NON_MINIMAL_LENGTH', byteOffset: 1, bitOffset: 1, bitLength: 23 },
  '64-bit length with most significant bit set': { code: 'LENGTH_MSB_SET', byteOffset: 2, bitOffset: 0, bitLength: 1 },
  'close code 1005 sent on the wire': { code: 'CLOSE_CODE_NOT_ON_WIRE', byteOffset: 2, bitOffset: 0, bitLength: 16 },
  'close payload of 1 byte': { code: 'CLOSE_PAYLOAD_TOO_SHORT', byteOffset: 1, bitOffset: 1, bitLength: 7 },
  // ED A0 80 encodes a surrogate: ED at byte 13 (payload byte 11) starts the ill-formed sequence.
  'invalid UTF-8 in a text frame': { code: 'INVALID_UTF8', byteOffset: 13, bitOffset: 0, bitLength: 8 },
  // The vector's hex "8105486" has 7 digits, so it never reaches the frame decoder:
  // it is rejected as input. The intended truncated frame is tested below.
  'truncated frame: header says 5 bytes, 2 present': { input: 'ODD_HEX_DIGITS', column: 7 },
  'odd number of hex digits': { input: 'ODD_HEX_DIGITS', column: 5 },
};

describe('invalid vectors', () => {
  it('has an expectation for every vector', () => {
    expect(fixtures.invalid.map((v) => v.name).sort()).toEqual(Object.keys(INVALID).sort());
  });

  for (const vector of fixtures.invalid) {
    it(vector.name, () => {
      const want = INVALID[vector.name];
      if (!want) throw new Error('no expectation');
      const parsed = parseHex(vector.hex);
      if ('input' in want) {
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        expect(parsed.error).toMatchObject({ code: want.input, line: 1, column: want.column });
        expect(vector.error).toMatch(/hex|incomplete/);
        return;
      }
      if (!parsed.ok) throw new Error(parsed.error.message);
      const result = decodeAll(parsed.value, { direction: 'server-to-client' });
      expect(result.errors).toHaveLength(1);
      const error = result.errors[0];
      expect(error).toMatchObject(want);
      if (error) expect(describeError(error)).toBe(vector.error);
      expect(result.messages).toEqual([]);
    });
  }

  it('reports the intended truncated frame (81 05 48 65) as incomplete, with the vector wording', () => {
    for (const bytes of ['810548', '81054865']) {
      const result = decodeAll(hex(bytes), { direction: 'server-to-client' });
      expect(result.frames).toEqual([]);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ code: 'INCOMPLETE_FRAME', byteOffset: 0 });
      expect(result.errors[0]?.message).toContain('incomplete frame: needs more bytes');
      expect(result.errors[0]?.message).toContain(`needs ${7 - bytes.length / 2} more`);
    }
  });
});

describe('handshake vectors', () => {
  for (const vector of fixtures.handshake) {
    it(`Sec-WebSocket-Accept for ${vector.secWebSocketKey} (${vector.source})`, async () => {
      expect(await computeAccept(vector.secWebSocketKey)).toBe(vector.secWebSocketAccept);
      expect(await verifyAccept(vector.secWebSocketKey, vector.secWebSocketAccept)).toEqual({
        ok: true,
        expected: vector.secWebSocketAccept,
      });
      const wrong = await verifyAccept(vector.secWebSocketKey, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
      expect(wrong).toMatchObject({ ok: false, code: 'ACCEPT_MISMATCH' });
    });
  }

  it('rejects a key that is not base64 of 16 bytes', async () => {
    expect(await verifyAccept('short', 'x')).toMatchObject({ ok: false, code: 'KEY_NOT_16_BYTES' });
  });
});

describe('hex input forms', () => {
  const expected = [
    '8187e1a4c61d8cc5f46e80cfa7',
    '818537fa213d7f9f4d5158',
    '810548656c6c6f',
    '818537fa213d7f9f4d5158',
    '818537fa213d7f9f4d5158',
  ];
  fixtures.hexInputForms.forEach((form, i) => {
    it(`parses ${JSON.stringify(form)}`, () => {
      const parsed = parseHex(form);
      expect(parsed.ok && toHex(parsed.value)).toBe(expected[i]);
      if (!parsed.ok) return;
      const result = decodeAll(parsed.value, { direction: guessDirection(parsed.value) });
      expect(result.errors).toEqual([]);
      expect(result.messages[0]?.text).toMatch(/^(ma2saka|Hello)$/);
    });
  });
});
