/**
 * Frame decoder throughput against ws's own Receiver (the parser our decoder
 * is modelled on), same bytes, same chunking, same process:
 * - 100,000 masked 100-byte binary frames (client-to-server), fed as 64 KiB reads;
 * - 1,000 masked 64 KiB binary frames (64-bit lengths), fed as 64 KiB reads.
 * Goals are the ratio of our throughput to ws's (median of per-round paired
 * ratios; target >= 0.5). One warm-up round is discarded; the two decoders
 * alternate which goes first. Every run checks that all frames arrived with
 * the right bytes, and throws if not.
 *
 * ws is imported as the package's `Receiver` export (the same
 * lib/receiver.js): the deep path 'ws/lib/receiver.js' is blocked by ws's
 * package.json "exports" map on Node 20 (ERR_PACKAGE_PATH_NOT_EXPORTED).
 * @types/ws does not declare Receiver, hence the small local interface.
 */
import { performance } from 'node:perf_hooks';
import { WebSocketDecoder, encodeFrame } from '../../src/protocol/index';
import type { Goal, SuiteContext, SuiteResult } from '../types';

interface WsReceiver {
  write(chunk: Buffer): boolean;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}
type WsReceiverClass = new (options: { isServer: boolean; binaryType: 'nodebuffer' }) => WsReceiver;

interface Workload {
  id: string;
  frames: number;
  payload: number;
}

const WORKLOADS: Workload[] = [
  { id: 'decode.small100k.vsWs', frames: 100_000, payload: 100 },
  { id: 'decode.large64k.vsWs', frames: 1_000, payload: 64 * 1024 },
];
const READ_SIZE = 64 * 1024;
const TARGET = 0.5;

function payloadFor(i: number, size: number): Uint8Array {
  const p = new Uint8Array(size);
  for (let j = 0; j < size; j++) p[j] = (i * 31 + j) & 0xff;
  return p;
}

function buildStream(w: Workload): { reads: Buffer[]; payloads: Uint8Array[]; bytes: number } {
  const payloads: Uint8Array[] = [];
  const stream = Buffer.alloc(w.frames * (w.payload + 14));
  let at = 0;
  for (let i = 0; i < w.frames; i++) {
    const payload = payloadFor(i, w.payload);
    const key = new Uint8Array([i & 0xff, (i >> 8) & 0xff, 0x5a, 0xa5]);
    const frame = encodeFrame({ opcode: 2, payload, maskingKey: key });
    if (!frame.ok) throw new Error(frame.error.message);
    stream.set(frame.value.bytes, at);
    at += frame.value.bytes.length;
    payloads.push(payload);
  }
  const reads: Buffer[] = [];
  for (let o = 0; o < at; o += READ_SIZE) reads.push(stream.subarray(o, Math.min(at, o + READ_SIZE)));
  return { reads, payloads, bytes: at };
}

/** Fresh copies: ws unmasks in place, so no run may see another run's buffers. */
const copyReads = (reads: readonly Buffer[]): Buffer[] => reads.map((r) => Buffer.from(r));

function verify(name: string, got: readonly Uint8Array[], want: readonly Uint8Array[]): void {
  if (got.length !== want.length) throw new Error(`${name}: decoded ${got.length} of ${want.length} frames`);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    if (!a || !b || !Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)) throw new Error(`${name}: payload ${i} differs`);
  }
}

function runOurs(reads: readonly Buffer[]): { ms: number; got: Uint8Array[] } {
  const got: Uint8Array[] = [];
  const decoder = new WebSocketDecoder({ direction: 'client-to-server' });
  const t0 = performance.now();
  for (const r of reads) {
    for (const e of decoder.push(r)) {
      if (e.type === 'message') got.push(e.message.data);
      else if (e.type === 'error') throw new Error(`ours: ${e.error.code}`);
    }
  }
  return { ms: performance.now() - t0, got };
}

function runWs(Receiver: WsReceiverClass, reads: readonly Buffer[]): { ms: number; got: Uint8Array[] } {
  const got: Uint8Array[] = [];
  const receiver = new Receiver({ isServer: true, binaryType: 'nodebuffer' });
  receiver.on('message', (data) => got.push(data));
  receiver.on('error', (error) => {
    throw error;
  });
  const t0 = performance.now();
  for (const r of reads) receiver.write(r);
  return { ms: performance.now() - t0, got };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export default async function decodeSuite(ctx: SuiteContext): Promise<SuiteResult> {
  const { Receiver } = (await import('ws')) as unknown as { Receiver: WsReceiverClass };
  const goals: Goal[] = [];
  const runs: unknown[] = [];
  for (const w of WORKLOADS) {
    const { reads, payloads, bytes } = buildStream(w);
    const ratios: number[] = [];
    for (let round = -1; round < ctx.rounds; round++) {
      const oursFirst = round % 2 === 0;
      const inputs = [copyReads(reads), copyReads(reads)] as const;
      let ours = { ms: 0, got: [] as Uint8Array[] };
      let theirs = { ms: 0, got: [] as Uint8Array[] };
      if (oursFirst) {
        ours = runOurs(inputs[0]);
        theirs = runWs(Receiver, inputs[1]);
      } else {
        theirs = runWs(Receiver, inputs[1]);
        ours = runOurs(inputs[0]);
      }
      verify(`${w.id} ours`, ours.got, payloads);
      verify(`${w.id} ws`, theirs.got, payloads);
      if (round < 0) continue; // warm-up: JIT and allocator settle
      const ratio = theirs.ms / ours.ms; // throughput ratio = inverse time ratio (same bytes)
      ratios.push(ratio);
      const mbps = (ms: number): number => bytes / 1e6 / (ms / 1e3);
      runs.push({ id: w.id, round, oursMs: ours.ms, wsMs: theirs.ms, oursMBps: mbps(ours.ms), wsMBps: mbps(theirs.ms), ratio });
      ctx.log(
        `${w.id} round ${round + 1}: ours ${ours.ms.toFixed(1)} ms (${mbps(ours.ms).toFixed(0)} MB/s), ws ${theirs.ms.toFixed(1)} ms (${mbps(theirs.ms).toFixed(0)} MB/s), ratio ${ratio.toFixed(2)}`,
      );
    }
    goals.push({
      id: w.id,
      value: median(ratios),
      op: '>=',
      target: TARGET,
      unit: 'ratio',
      spread: [Math.min(...ratios), Math.max(...ratios)],
      n: ratios.length,
    });
  }
  return { goals, runs };
}
