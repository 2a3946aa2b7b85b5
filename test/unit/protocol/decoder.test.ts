/** Decoder rules beyond the shared vectors: one test per RFC rule, code and position asserted. */
import { describe, expect, it } from 'vitest';
import { WebSocketDecoder, decodeAll, encodeFrame, frameFields } from '../../../src/protocol/index';
import type { DecodeEvent, FrameSpec } from '../../../src/protocol/index';
import { concatBytes, hex, utf8 } from './helpers';

const KEY = hex('37fa213d');

function frame(spec: FrameSpec): Uint8Array {
  const r = encodeFrame(spec);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.bytes;
}

const s2c = (bytes: Uint8Array) => decodeAll(bytes, { direction: 'server-to-client' });

describe('frame header rules', () => {
  it('requires masking from client to server (RFC 6455 5.1)', () => {
    const r = decodeAll(hex('810548656c6c6f'), { direction: 'client-to-server' });
    expect(r.errors).toMatchObject([{ code: 'MASK_REQUIRED', byteOffset: 1, bitOffset: 0, bitLength: 1, rfc: 'RFC 6455 5.1' }]);
    expect(r.messages).toEqual([]);
  });

  it('forbids masking from server to client (RFC 6455 5.1)', () => {
    const r = s2c(hex('810548656c6c6f 818537fa213d7f9f4d5158'));
    expect(r.errors).toMatchObject([{ code: 'MASK_FORBIDDEN', byteOffset: 8, bitOffset: 0, frameOffset: 7 }]);
    expect(r.messages.map((m) => m.text)).toEqual(['Hello']);
  });

  it('flags reserved control opcodes 0xB-0xF and keeps decoding after them', () => {
    const r = s2c(concatBytes([frame({ opcode: 0xb, payload: 'x' }), frame({ opcode: 1, payload: 'ok' })]));
    expect(r.frames.map((f) => f.opcodeName)).toEqual(['reserved-control', 'text']);
    expect(r.errors).toMatchObject([{ code: 'RESERVED_OPCODE', byteOffset: 0, bitOffset: 4, bitLength: 4 }]);
    expect(r.messages.map((m) => m.text)).toEqual(['ok']);
  });

  it('flags RSV2 and RSV3 with their own bit positions', () => {
    const r = s2c(frame({ opcode: 2, rsv2: true, rsv3: true }));
    expect(r.errors.map((e) => [e.code, e.bitOffset])).toEqual([
      ['RSV_WITHOUT_EXTENSION', 2],
      ['RSV_WITHOUT_EXTENSION', 3],
    ]);
  });

  it('rejects RSV1 on control frames and continuations even with permessage-deflate (RFC 7692 6.1)', () => {
    const opts = {
      direction: 'server-to-client' as const,
      permessageDeflate: {
        serverNoContextTakeover: false,
        clientNoContextTakeover: false,
        serverMaxWindowBits: null,
        clientMaxWindowBits: null,
      },
    };
    expect(decodeAll(frame({ opcode: 9, rsv1: true }), opts).errors[0]?.code).toBe('RSV1_ON_CONTROL_FRAME');
    const cont = concatBytes([frame({ opcode: 2, fin: false }), frame({ opcode: 0, rsv1: true })]);
    expect(decodeAll(cont, opts).errors.map((e) => [e.code, e.byteOffset, e.bitOffset])).toEqual([['RSV1_ON_CONTINUATION', 2, 1]]);
  });

  it('rejects a non-minimal 64-bit length', () => {
    const bytes = frame({ opcode: 2, payload: new Uint8Array(300), lengthEncoding: '64' });
    expect(s2c(bytes).errors).toMatchObject([{ code: 'NON_MINIMAL_LENGTH', byteOffset: 1, bitOffset: 1, bitLength: 71 }]);
    expect(s2c(bytes).frames[0]).toMatchObject({ lengthEncoding: '64', payloadLength7: 127, extendedLength: 300, minimalLength: false });
  });

  it('stops at a 64-bit length beyond 2^53 - 1 (fatal: no later boundary can be trusted)', () => {
    const r = s2c(hex('827f 0020000000000000 00 8100'));
    expect(r.errors).toMatchObject([{ code: 'LENGTH_EXCEEDS_SAFE_INTEGER', byteOffset: 2, bitLength: 64, fatal: true }]);
    expect(r.frames).toEqual([]);
  });

  it('accepts 2^53 - 1 as a header (it just waits for the payload)', () => {
    const decoder = new WebSocketDecoder({ direction: 'server-to-client' });
    expect(decoder.push(hex('827f 001fffffffffffff 00'))).toEqual([]);
    expect(decoder.state).toBe('PAYLOAD');
    expect(decoder.end()).toMatchObject([{ type: 'error', error: { code: 'INCOMPLETE_FRAME', byteOffset: 0 } }]);
  });

  it('gives every field its bit range', () => {
    const r = s2c(frame({ opcode: 1, payload: 'a'.repeat(200), maskingKey: KEY }));
    // (decoded as server-to-client so it carries MASK_FORBIDDEN; the layout is what we check)
    const f = r.frames[0];
    expect(f?.fields).toEqual(frameFields(0, '16', true, 200));
    expect(f?.fields.extendedLength).toEqual({ byteOffset: 2, bitOffset: 0, bitLength: 16 });
    expect(f?.fields.maskingKey).toEqual({ byteOffset: 4, bitOffset: 0, bitLength: 32 });
    expect(f?.fields.payload).toEqual({ byteOffset: 8, bitOffset: 0, bitLength: 1600 });
    expect(f?.maskedPayload?.[0]).toBe(0x61 ^ 0x37);
  });
});

describe('fragmentation rules (RFC 6455 5.4)', () => {
  it('rejects a continuation without a message to continue', () => {
    const r = s2c(hex('80026c6f'));
    expect(r.errors).toMatchObject([{ code: 'UNEXPECTED_CONTINUATION', byteOffset: 0, bitOffset: 4, bitLength: 4 }]);
  });

  it('rejects a new data message inside a fragmented one, then shows the new one', () => {
    const r = s2c(hex('010348656c 81026869'));
    expect(r.errors).toMatchObject([{ code: 'EXPECTED_CONTINUATION', byteOffset: 5, bitOffset: 4 }]);
    expect(r.messages.map((m) => m.text)).toEqual(['hi']);
  });

  it('allows control frames between fragments', () => {
    const r = s2c(hex('010348656c 890170 80026c6f'));
    expect(r.errors).toEqual([]);
    expect(r.messages.map((m) => [m.kind, m.text ?? new TextDecoder().decode(m.data)])).toEqual([
      ['ping', 'p'],
      ['text', 'Hello'],
    ]);
    expect(r.messages[1]).toMatchObject({ frameCount: 2, offset: 0 });
  });

  it('drops a message whose fragment had a header error instead of reassembling around the hole', () => {
    const r = s2c(hex('010148 2001ff 80014c'));
    expect(r.errors.map((e) => e.code)).toEqual(['RSV_WITHOUT_EXTENSION']);
    expect(r.messages).toEqual([]);
  });

  it('reports a stream that ends inside a fragmented message', () => {
    const r = s2c(hex('010348656c'));
    expect(r.errors).toMatchObject([{ code: 'INCOMPLETE_MESSAGE', byteOffset: 0 }]);
  });
});

describe('UTF-8 (RFC 6455 8.1)', () => {
  const euro = utf8('€'); // e2 82 ac
  it('accepts a code point split across fragments', () => {
    const bytes = concatBytes([
      frame({ opcode: 1, fin: false, payload: euro.subarray(0, 1) }),
      frame({ opcode: 0, fin: false, payload: euro.subarray(1, 2) }),
      frame({ opcode: 0, payload: euro.subarray(2) }),
    ]);
    const r = s2c(bytes);
    expect(r.errors).toEqual([]);
    expect(r.messages[0]?.text).toBe('€');
  });

  it('reports a bad byte in a later fragment at its stream offset, as soon as that fragment arrives', () => {
    const decoder = new WebSocketDecoder({ direction: 'server-to-client' });
    expect(decoder.push(frame({ opcode: 1, fin: false, payload: 'ab' })).filter((e) => e.type === 'error')).toEqual([]);
    const events: DecodeEvent[] = decoder.push(frame({ opcode: 0, fin: false, payload: hex('63 c0 af') }));
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.error] : []));
    expect(errors).toMatchObject([{ code: 'INVALID_UTF8', byteOffset: 4 + 2 + 1, frameOffset: 4 }]);
    // The rest of the broken message is swallowed quietly.
    expect(decoder.push(frame({ opcode: 0, payload: 'z' }))).toHaveLength(1);
  });

  it('reports a code point cut off by the final fragment', () => {
    const bytes = concatBytes([frame({ opcode: 1, fin: false, payload: 'a' }), frame({ opcode: 0, payload: euro.subarray(0, 2) })]);
    expect(s2c(bytes).errors).toMatchObject([{ code: 'INVALID_UTF8', byteOffset: 5, bitLength: 16, frameOffset: 3 }]);
  });

  it('keeps a leading BOM in text', () => {
    expect(s2c(frame({ opcode: 1, payload: '\ufeffhi' })).messages[0]?.text).toBe('\ufeffhi');
  });
});

describe('close frames (RFC 6455 5.5.1, 7.4)', () => {
  it.each([
    [999, 'CLOSE_CODE_INVALID'],
    [1004, 'CLOSE_CODE_INVALID'],
    [1006, 'CLOSE_CODE_NOT_ON_WIRE'],
    [1015, 'CLOSE_CODE_NOT_ON_WIRE'],
    [2000, 'CLOSE_CODE_INVALID'],
    [5000, 'CLOSE_CODE_INVALID'],
  ])('rejects code %i', (code, error) => {
    const r = s2c(frame({ opcode: 8, payload: new Uint8Array([code >> 8, code & 0xff]) }));
    expect(r.errors).toMatchObject([{ code: error, byteOffset: 2, bitLength: 16, closeCode: 1002 }]);
    expect(r.errors[0]?.message).toContain(String(code));
  });

  it.each([1000, 1001, 1011, 1014, 3000, 4999])('accepts code %i', (code) => {
    const r = s2c(frame({ opcode: 8, payload: new Uint8Array([code >> 8, code & 0xff]) }));
    expect(r.messages[0]).toMatchObject({ kind: 'close', closeCode: code, text: '' });
  });

  it('rejects a reason that is not UTF-8, at the bad byte', () => {
    const r = s2c(hex('8804 03e8 41ff'));
    expect(r.errors).toMatchObject([{ code: 'CLOSE_REASON_INVALID_UTF8', byteOffset: 5, closeCode: 1007 }]);
  });
});

describe('chunking', () => {
  it('decodes every byte-by-byte split the same as one chunk', () => {
    const bytes = hex('010348656c 890170 80026c6f 810548656c6c6f');
    const whole = s2c(bytes);
    const decoder = new WebSocketDecoder({ direction: 'server-to-client' });
    const events = Array.from(bytes, (b) => decoder.push(new Uint8Array([b]))).flat();
    expect(events).toEqual(whole.events);
    expect(whole.messages.map((m) => [m.kind, m.text])).toEqual([
      ['ping', null],
      ['text', 'Hello'],
      ['text', 'Hello'],
    ]);
  });
});
