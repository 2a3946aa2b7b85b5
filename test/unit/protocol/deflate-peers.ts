/**
 * The two reference receivers the permessage-deflate tests check our bytes
 * against (RFC 7692 7.2.2), and a varied message corpus. Node's zlib is the
 * library browsers and ws inflate with; ws's own PerMessageDeflate is what a
 * real server runs, negotiated through its own header parser.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** One direction's receiver: inflate each message's payload in order. */
export interface Receiver {
  inflate(payload: Uint8Array): Promise<Buffer>;
  close(): void;
}

/** Node zlib, as RFC 7692 7.2.2 says: payload + 00 00 ff ff through one raw inflate stream (a fresh one per message without context takeover). */
export function zlibReceiver(windowBits: number, noContextTakeover: boolean): Receiver {
  let stream: zlib.InflateRaw | null = null;
  // After a data error the window is lost: with context takeover later messages fail too.
  let broken: Error | null = null;
  return {
    inflate(payload) {
      if (broken && !noContextTakeover) return Promise.reject(new Error(`an earlier message failed (${broken.message})`));
      if (noContextTakeover || stream === null) {
        stream?.close();
        stream = zlib.createInflateRaw({ windowBits });
      }
      const s = stream;
      return new Promise<Buffer>((resolve, reject) => {
        const out: Buffer[] = [];
        const onData = (c: Buffer) => out.push(c);
        const onError = (e: Error) => {
          broken = e;
          s.off('data', onData);
          reject(e);
        };
        s.on('data', onData);
        s.once('error', onError);
        s.write(Buffer.concat([payload, TAIL]));
        s.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          s.off('data', onData);
          s.off('error', onError);
          resolve(Buffer.concat(out));
        });
      });
    },
    close: () => stream?.close(),
  };
}

interface WsPerMessageDeflate {
  params: Record<string, unknown> | null;
  accept(offers: unknown[]): Record<string, unknown>;
  decompress(data: Buffer, fin: boolean, cb: (err: Error | null, out?: Buffer) => void): void;
  cleanup(): void;
}
// ws's package exports hide lib/: load the files by path, from the ws the tests already use.
const wsLib = (file: string): unknown => require(join(dirname(require.resolve('ws')), 'lib', file));
const PerMessageDeflate = wsLib('permessage-deflate.js') as new (o: { isServer: boolean }) => WsPerMessageDeflate;
const { parse: parseExtensions } = wsLib('extension.js') as { parse(header: string): Record<string, unknown[]> };

/**
 * ws's receiver for `direction` after agreeing `header` (a Sec-WebSocket-
 * Extensions response): a server inflates client→server messages, a client
 * server→client ones. Returns the params ws agreed, to check they are ours.
 */
export function wsReceiver(
  header: string,
  direction: 'client-to-server' | 'server-to-client',
): Receiver & { params: Record<string, unknown> } {
  const pmd = new PerMessageDeflate({ isServer: direction === 'client-to-server' });
  const params = pmd.accept(parseExtensions(header)['permessage-deflate'] ?? []);
  return {
    params,
    inflate: (payload) =>
      new Promise((resolve, reject) =>
        pmd.decompress(Buffer.from(payload), true, (err, out) => (err ? reject(err) : resolve(out ?? Buffer.alloc(0)))),
      ),
    close: () => pmd.cleanup(),
  };
}

/** The Sec-WebSocket-Extensions response for these choices. */
export function agreedHeader(windowBits: number, noContextTakeover: boolean): string {
  const nct = noContextTakeover ? '; server_no_context_takeover; client_no_context_takeover' : '';
  return `permessage-deflate; server_max_window_bits=${windowBits}; client_max_window_bits=${windowBits}${nct}`;
}

/** A seeded PRNG (mulberry32): the corpus is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusMessage {
  kind: 'json' | 'repetitive' | 'binary' | 'empty' | '64KiB';
  /** Text (opcode 1) or binary (opcode 2). */
  text: boolean;
  bytes: Uint8Array;
}

const STATUSES = ['online', 'away', 'busy', 'offline'];

/** JSON of `target` bytes or a little more, shaped like chat traffic (`{"type":"users","list":[…]}`). */
function json(rnd: () => number, target: number): string {
  const list: unknown[] = [];
  let s = '';
  for (let i = 1; s.length < target; i++) {
    list.push(
      rnd() < 0.7
        ? { id: i, name: `user ${i}`, status: STATUSES[Math.floor(rnd() * 4)] }
        : { id: i, text: `message ${Math.floor(rnd() * 1e6)} é€😀`, at: 1_700_000_000_000 + i },
    );
    s = JSON.stringify({ type: rnd() < 0.5 ? 'users' : 'chat', seq: i, list });
  }
  return s;
}

/**
 * `n` varied messages: JSON of 20-5,000 bytes (most of them), repetitive
 * text, random binary, empty text and binary, and one 64 KiB message.
 */
export function variedMessages(n: number, seed: number): CorpusMessage[] {
  const rnd = seeded(seed);
  const enc = new TextEncoder();
  const out: CorpusMessage[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (i === Math.floor(n / 3))
      out.push({
        kind: '64KiB',
        text: true,
        bytes: enc.encode(
          json(rnd, 65_536)
            .replace(/[^\x20-\x7e]/g, '?')
            .slice(0, 65_536),
        ),
      });
    else if (i % 50 === 7) out.push({ kind: 'empty', text: i % 100 === 7, bytes: new Uint8Array(0) });
    else if (r < 0.6) out.push({ kind: 'json', text: true, bytes: enc.encode(json(rnd, 20 + Math.floor(rnd() * 4980))) });
    else if (r < 0.8)
      out.push({
        kind: 'repetitive',
        text: true,
        bytes: enc.encode(`${['ping ', 'abc', 'the same words again '][i % 3]}`.repeat(1 + Math.floor(rnd() * 400))),
      });
    else
      out.push({
        kind: 'binary',
        text: false,
        bytes: Uint8Array.from({ length: Math.floor(rnd() * 3000) }, () => Math.floor(rnd() * 256)),
      });
  }
  return out;
}
