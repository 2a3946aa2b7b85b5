/**
 * The permessage-deflate codec against the real thing (RFC 7692 7.2): our
 * compressor's output is what Node's zlib and ws accept, within the agreed
 * window; our inflater says yes and no exactly where zlib does; a compressor
 * failure is a value.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MessageDeflater, MessageInflater, effectiveWindowBits } from '../../../src/protocol/deflate';
import type { Level } from '../../../src/protocol/deflate';
import { seeded, variedMessages, wsReceiver, zlibReceiver } from './deflate-peers';

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const enc = new TextEncoder();
const users = (n: number) =>
  JSON.stringify({ type: 'users', list: Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `user ${i + 1}`, status: 'online' })) });

/** Node zlib as a sender: one raw deflate stream, Z_SYNC_FLUSH after each message. */
function zlibSender(windowBits: number): (m: Uint8Array) => Promise<Buffer> {
  const s = zlib.createDeflateRaw({ windowBits });
  return (m) =>
    new Promise((resolve) => {
      const out: Buffer[] = [];
      const onData = (c: Buffer) => out.push(c);
      s.on('data', onData);
      s.write(m);
      s.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        s.off('data', onData);
        resolve(Buffer.concat(out));
      });
    });
}

describe('MessageDeflater against zlib', () => {
  it('a 30-user list and "zzzz" (both broke fflate\'s sync flush) inflate with zlib', () => {
    for (const text of [users(30), 'zzzz']) {
      const payload = new MessageDeflater(true).deflate(enc.encode(text));
      expect(zlib.inflateRawSync(Buffer.concat([payload, TAIL]), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()).toBe(text);
    }
  });

  it.each([15, 12, 9])("gives the same bytes as Node's zlib at level 6, window bits %i, context takeover", async (bits) => {
    // pako follows zlib line by line, so a ws/Node sender with default settings puts these very bytes on the wire.
    const ours = new MessageDeflater(false, { windowBits: bits });
    const node = zlibSender(bits);
    for (const m of variedMessages(60, bits)) {
      const theirs = await node(m.bytes);
      expect(Buffer.from(ours.deflate(m.bytes)).toString('hex')).toBe(theirs.subarray(0, theirs.length - 4).toString('hex'));
    }
  });

  it('an agreed 8-bit window is compressed with 9, which zlib and ws inflate with an 8-bit window', async () => {
    expect([8, 9, 12, 15, null, 16].map(effectiveWindowBits)).toEqual([9, 9, 12, 15, 15, 15]);
    const deflater = new MessageDeflater(false, { windowBits: 8 });
    const z = zlibReceiver(8, false);
    const ws = wsReceiver('permessage-deflate; server_max_window_bits=8; client_max_window_bits=8', 'server-to-client');
    for (const m of variedMessages(40, 8)) {
      const payload = deflater.deflate(m.bytes);
      expect((await z.inflate(payload)).equals(m.bytes)).toBe(true);
      expect((await ws.inflate(payload)).equals(m.bytes)).toBe(true);
    }
    z.close();
    ws.close();
  });

  it('stays within the window: a 9-bit receiver rejects 15-bit output but not 9-bit output', async () => {
    const run = async (bits: number) => {
      const deflater = new MessageDeflater(false, { windowBits: bits });
      const z = zlibReceiver(9, false);
      try {
        for (const m of variedMessages(40, 9)) await z.inflate(deflater.deflate(m.bytes));
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      } finally {
        z.close();
      }
    };
    expect(await run(15)).toBe('invalid distance too far back');
    expect(await run(9)).toBe('ok');
  });

  it('a compressor that cannot run is an error value, and the deflater stays failed', () => {
    const broken = new MessageDeflater(false, { level: 42 as Level });
    const r = broken.compress(enc.encode('hello'));
    expect(r).toMatchObject({ ok: false, error: { code: 'DEFLATE_FAILED', rfc: 'RFC 7692 7.2.1' } });
    expect(broken.compress(enc.encode('again')).ok).toBe(false);
    expect(() => broken.deflate(enc.encode('x'))).toThrow(/compressor failed/);
  });
});

describe('MessageInflater agrees with zlib', () => {
  const zlibInflate = (p: Uint8Array): Buffer | null => {
    try {
      return zlib.inflateRawSync(Buffer.concat([p, TAIL]), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      return null;
    }
  };
  const ours = (p: Uint8Array): Buffer | null => {
    try {
      return Buffer.from(new MessageInflater(true).inflate(p));
    } catch {
      return null;
    }
  };

  it('on 600 corrupted payloads: fails where zlib fails, else the same bytes', { timeout: 30_000 }, () => {
    // fflate 0.8.3 accepted 51 of 2,000 such payloads that zlib rejects (e.g. invalid stored block lengths).
    const rnd = seeded(1);
    const disagreements: string[] = [];
    let rejected = 0;
    for (const [i, m] of variedMessages(600, 3).entries()) {
      const payload = Uint8Array.from(new MessageDeflater(true).deflate(m.bytes));
      for (let flips = 1 + Math.floor(rnd() * 3); flips > 0; flips--)
        payload[Math.floor(rnd() * payload.length)]! ^= 1 << Math.floor(rnd() * 8);
      const want = zlibInflate(payload);
      const got = ours(payload);
      if (want === null) rejected++;
      if (want === null ? got !== null : got === null || !got.equals(want))
        disagreements.push(`#${i}: zlib ${want ? 'ok' : 'rejects'}, ours ${got ? 'ok' : 'rejects'}`);
    }
    expect(rejected).toBeGreaterThan(60);
    expect(disagreements).toEqual([]);
  });

  it('honours its window: a reference further back than 2^9 bytes fails with windowBits 9', () => {
    const deflater = new MessageDeflater(false, { windowBits: 15 });
    const long = enc.encode(users(40));
    const first = deflater.deflate(long);
    const second = deflater.deflate(long); // refers back ~1.5 KB
    const narrow = new MessageInflater(false, 9);
    narrow.inflate(first);
    expect(() => narrow.inflate(second)).toThrow('invalid distance too far back');
    const wide = new MessageInflater(false, 15);
    wide.inflate(first);
    expect(new TextDecoder().decode(wide.inflate(second))).toBe(users(40));
  });
});
