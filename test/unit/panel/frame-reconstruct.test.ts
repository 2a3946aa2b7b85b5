import { describe, expect, test } from 'vitest';
import { decodeAll, negotiatedDeflate, toHex } from '../../../src/protocol';
import { MessageLog } from '../../../src/panel/capture/message-log';
import { buildFrame, connectionDeflate, earlierMessages, reconstruct } from '../../../src/panel/frame/reconstruct';
import { decodeInput, describePosition } from '../../../src/panel/frame/decode-input';
import { EMPTY_DECODE_FORM, parseMaskKey } from '../../../src/panel/frame/state';
import { conn, msg } from './helpers';

const KEY = new Uint8Array([0xe1, 0xa4, 0xc6, 0x1d]);
const keyFor = () => KEY;
const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const wire = (frames: { header: Uint8Array; frame: { maskedPayload: Uint8Array | null; payload: Uint8Array } }[]) =>
  concat(frames.flatMap((f) => [f.header, f.frame.maskedPayload ?? f.frame.payload]));

describe('reconstruct', () => {
  test('a sent text message is the notes example byte for byte', () => {
    const r = reconstruct(msg(1, { dir: 'out', data: 'ma2saka' }), conn('c1'), { keyFor, fragments: 1 });
    if (!r.ok) throw new Error(r.error);
    expect(toHex(wire(r.value.frames), ' ')).toBe('81 87 e1 a4 c6 1d 8c c5 f4 6e 80 cf a7');
    expect(r.value.wireBytes).toBe(13);
    expect(r.value.compression.kind).toBe('none');
  });

  test('a first paint from the first bytes has the whole frame header, length and leading bytes (firstBytes)', () => {
    const bin = (n: number) => Buffer.from(Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255)).toString('base64');
    const cases = [
      ...[0, 10, 64, 65, 125, 126, 300, 65535, 65536, 70000].flatMap((n) => [
        { opcode: 1 as const, data: 'ab'.repeat(n).slice(0, n) },
        { opcode: 2 as const, data: bin(n) },
      ]),
      { opcode: 1 as const, data: `${'x'.repeat(63)}😀${'é'.repeat(100)}` }, // a surrogate pair across the cut
      { opcode: 1 as const, data: `${'x'.repeat(64)}😀${'é'.repeat(100)}` },
    ];
    for (const c of cases)
      for (const dir of ['in', 'out'] as const) {
        const rec = msg(3, { dir, opcode: c.opcode, data: c.data, size: 0 }); // size is not trusted: lengths are measured
        const whole = reconstruct(rec, conn('c1'), { keyFor, fragments: 1 });
        const first = reconstruct(rec, conn('c1'), { keyFor, fragments: 1, firstBytes: 64 });
        if (!whole.ok || !first.ok) throw new Error('reconstruct failed');
        const [w, f] = [whole.value.frames[0]!, first.value.frames[0]!];
        const what = `${c.opcode} ${dir} ${c.data.length}`;
        expect(toHex(f.header), what).toBe(toHex(w.header));
        expect({ ...f.frame, payload: null, maskedPayload: null }, what).toEqual({ ...w.frame, payload: null, maskedPayload: null });
        expect(toHex(f.frame.payload), what).toBe(toHex(w.frame.payload.subarray(0, 64)));
        expect(toHex(f.frame.maskedPayload ?? new Uint8Array(0)), what).toBe(
          toHex((w.frame.maskedPayload ?? new Uint8Array(0)).subarray(0, 64)),
        );
        expect(first.value.wireBytes, what).toBe(whole.value.wireBytes);
        expect(f.frame.payload.length, what).toBe(Math.min(64, w.frame.payload.length)); // built from the first bytes only
      }
  });

  test('received messages are unmasked; length encodings switch at 126 and 65536', () => {
    for (const [size, enc, len7, header] of [
      [125, '7', 125, 2],
      [126, '16', 126, 4],
      [65535, '16', 126, 4],
      [65536, '64', 127, 10],
    ] as const) {
      const r = reconstruct(msg(2, { dir: 'in', data: 'x'.repeat(size) }), conn('c1'), { keyFor, fragments: 1 });
      if (!r.ok) throw new Error(r.error);
      const f = r.value.frames[0]!;
      expect([f.frame.lengthEncoding, f.frame.payloadLength7, f.header.length, f.frame.masked]).toEqual([enc, len7, header, false]);
      const back = decodeAll(wire(r.value.frames), { direction: 'server-to-client' });
      expect(back.errors).toEqual([]);
      expect(back.messages[0]?.text?.length).toBe(size);
    }
  });

  test('fragments: opcode then continuations, FIN on the last, same message when decoded', () => {
    const r = reconstruct(msg(1, { dir: 'out', data: 'Hello, fragmented world' }), conn('c1'), {
      keyFor: (i) => new Uint8Array([i, 1, 2, 3]),
      fragments: 3,
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.frames.map((f) => [f.frame.opcode, f.frame.fin, toHex(f.frame.maskingKey!)])).toEqual([
      [1, false, '00010203'],
      [0, false, '01010203'],
      [0, true, '02010203'],
    ]);
    const back = decodeAll(wire(r.value.frames), { direction: 'client-to-server' });
    expect(back.errors).toEqual([]);
    expect(back.messages.map((m) => m.text)).toEqual(['Hello, fragmented world']);
  });

  test('permessage-deflate: RSV1 on the first frame, replayed context inflates back in order', () => {
    const c = conn('c1', {
      extensions: 'permessage-deflate; client_max_window_bits',
      sent: { messages: 3, bytes: 0 },
      received: { messages: 0, bytes: 0 },
    });
    const log = new MessageLog();
    const recs = [
      msg(1, { dir: 'out', data: 'the same words again' }),
      msg(3, { dir: 'out', data: 'the same words again and again' }),
      msg(5, { dir: 'out', data: 'the same words again!' }),
    ];
    log.append(recs);
    const params = negotiatedDeflate('permessage-deflate; client_max_window_bits=15');
    if (!params.ok || !params.value) throw new Error('bad params');
    // What a browser reports in ws.extensions may bend RFC 7692 7.1 (valueless client_max_window_bits): still deflate.
    expect(connectionDeflate(c.extensions)).toMatchObject({ clientNoContextTakeover: false });
    expect(connectionDeflate('x-webkit-deflate-frame')).toBeNull();
    expect(connectionDeflate(undefined)).toBeNull();
    const stream: Uint8Array[] = [];
    for (const rec of recs) {
      const r = reconstruct(rec, c, { keyFor, fragments: rec.id === 5 ? 2 : 1, earlier: () => earlierMessages(log, rec, c) });
      if (!r.ok) throw new Error(r.error);
      expect(r.value.compression).toEqual({ kind: 'replayed', earlier: recs.indexOf(rec) });
      expect(r.value.frames.map((f) => f.frame.rsv1)).toEqual(rec.id === 5 ? [true, false] : [true]);
      stream.push(wire(r.value.frames));
    }
    const back = decodeAll(concat(stream), { direction: 'client-to-server', permessageDeflate: params.value });
    expect(back.errors).toEqual([]);
    expect(back.messages.map((m) => [m.compressed, m.text])).toEqual(recs.map((r) => [true, r.data]));
  });

  test('deflate falls back to "as if first" when earlier messages are missing, and says why', () => {
    const c = conn('c1', { extensions: 'permessage-deflate', sent: { messages: 5, bytes: 0 } });
    const log = new MessageLog();
    const rec = msg(3, { dir: 'out', data: 'abc' });
    log.append([rec]);
    const r = reconstruct(rec, c, { keyFor, fragments: 1, earlier: () => earlierMessages(log, rec, c) });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.compression).toMatchObject({
      kind: 'first',
      reason: expect.stringContaining('4 message(s) of this connection are not stored'),
    });
    // no_context_takeover: every message stands alone.
    const nct = reconstruct(rec, conn('c1', { extensions: 'permessage-deflate; client_no_context_takeover' }), { keyFor, fragments: 1 });
    expect(nct.ok && nct.value.compression.kind).toBe('independent');
  });

  test('a truncated message keeps its full length in the 64-bit field', () => {
    const r = reconstruct(msg(1, { dir: 'in', data: 'abcd', size: 5_000_000, truncated: true }), conn('c1'), { keyFor, fragments: 4 });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.frames).toHaveLength(1);
    const f = r.value.frames[0]!;
    expect(toHex(f.header, ' ')).toBe('81 7f 00 00 00 00 00 4c 4b 40');
    expect(f.frame.payload.length).toBe(4);
    expect(r.value.truncated).toBe(true);
  });

  test('binary payloads come from base64; bad base64 is an error value', () => {
    const r = reconstruct(msg(1, { dir: 'in', opcode: 2, data: 'AQID' }), conn('c1'), { keyFor, fragments: 1 });
    expect(r.ok && toHex(wire(r.value.frames))).toBe('8203010203');
    expect(reconstruct(msg(1, { opcode: 2, data: '*' }), conn('c1'), { keyFor, fragments: 1 }).ok).toBe(false);
  });

  test('buildFrame writes a zero key like any other', () => {
    const f = buildFrame({ opcode: 1, fin: true, rsv1: false, key: new Uint8Array(4), payload: new TextEncoder().encode('hi') });
    expect(toHex(f.header)).toBe('818200000000');
    expect(toHex(f.frame.maskedPayload!)).toBe('6869');
  });
});

describe('Decode bytes model', () => {
  const form = (text: string, extra = {}) => ({ ...EMPTY_DECODE_FORM, text, ...extra });

  test('the tshark example decodes to ma2saka, guessed client → server', () => {
    const out = decodeInput(form('81 87 e1 a4 c6 1d 8c c5 f4 6e 80 cf a7'));
    if (out.kind !== 'decoded') throw new Error(out.kind);
    expect(out.direction).toBe('client-to-server');
    expect(out.messages.map((m) => m.text)).toEqual(['ma2saka']);
  });

  test('bad input says what and where', () => {
    expect(decodeInput(form('81 87 e1 a4 c6 1d zz'))).toEqual({ kind: 'input-error', message: "not hex: 'z' at line 1, column 19" });
    expect(decodeInput(form('   '))).toEqual({ kind: 'empty' });
  });

  test('errors are attached to their frame with bit ranges; positions read well', () => {
    const out = decodeInput(form('83 00'));
    if (out.kind !== 'decoded') throw new Error(out.kind);
    const [v] = out.frames;
    expect(v?.errors.map((e) => e.code)).toEqual(['RESERVED_OPCODE']);
    expect(v?.errorBits).toEqual([[4, 8]]);
    expect(describePosition(v!.errors[0]!)).toBe('byte 0, bits 4–7');
    // Masked frame claimed to come from the server: the MASK bit is the culprit.
    const wrong = decodeInput(form('81 85 37 fa 21 3d 7f 9f 4d 51 58', { direction: 'server-to-client' }));
    if (wrong.kind !== 'decoded') throw new Error(wrong.kind);
    expect(wrong.frames[0]?.errors.map((e) => e.code)).toEqual(['MASK_FORBIDDEN']);
    expect(wrong.frames[0]?.errorBits).toEqual([[8, 9]]);
  });

  test('invalid UTF-8 points into the payload bytes', () => {
    const out = decodeInput(form('81 03 61 ff 62'));
    if (out.kind !== 'decoded') throw new Error(out.kind);
    const v = out.frames[0]!;
    expect(v.errors.map((e) => e.code)).toEqual(['INVALID_UTF8']);
    expect(v.errorBytes).toEqual([1, 2]);
  });

  test('a typed key must be 4 bytes of hex', () => {
    expect(parseMaskKey('0xe1 0xa4 c6:1d')).toEqual({ ok: true, key: KEY });
    expect(parseMaskKey('e1a4')).toEqual({ ok: false, error: 'the key is 4 bytes = 8 hex digits (got 4)' });
    expect(parseMaskKey('zz')).toMatchObject({ ok: false });
  });
});
