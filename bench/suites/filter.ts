/**
 * Filter language over 1,000,000 in-memory records: substring,
 * regex and structural scans, plus the heap cost of a stored record beyond
 * its payload. Each run checks its match count against a separately written
 * naive count; a mismatch is an error, not a fast result.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Goal, Suite, SuiteContext } from '../types';
import type { MessageRecord } from '../../src/model/records';
import { parseFilter } from '../../src/filter';
import { MessageLog } from '../../src/panel/capture/message-log';
import { DecodeCache } from '../../src/panel/decoded/decode-cache';
import { createLanguageFilterCompiler } from '../../src/panel/filter/filter-language';

const N = 1_000_000;

/** mulberry32: small, fast, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENTS = ['chat', 'presence', 'typing', 'publish', 'subscribe', 'ack', 'update', 'sync'];
/** About 2% of messages are errors, in mixed case; `errand` and `errors":` exercise the regex's backtracking. */
const ERRORS = ['error', 'Error', 'ERROR', 'errors'];
const WORDS = ['hello', 'room', 'status', 'ok', 'pending', 'value', 'user', 'joined', 'left', 'message', 'order', 'price', 'errand'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** ~100-character previews, a realistic mix: 85% text JSON, 15% binary; 10% over 1 KiB on the wire. */
export function buildRecords(n: number, seed = 42): MessageRecord[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const conns = Array.from({ length: 8 }, (_, i) => `h1:${i}`);
  const out: MessageRecord[] = new Array<MessageRecord>(n);
  let t = 1_714_560_000_000;
  for (let i = 0; i < n; i++) {
    t += r() * 5;
    const binary = r() < 0.15;
    let data: string;
    if (binary) {
      data = '';
      for (let k = 0; k < 100; k++) data += B64.charAt(Math.floor(r() * 64));
    } else {
      data = `{"type":"${r() < 0.02 ? pick(ERRORS) : pick(EVENTS)}","id":${Math.floor(r() * 1e6)},"msg":"${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}"}`;
      while (data.length < 100) data += ' ';
    }
    const big = r() < 0.1;
    out[i] = {
      id: i + 1,
      conn: pick(conns),
      t,
      dir: r() < 0.55 ? 'in' : 'out',
      opcode: binary ? 2 : 1,
      size: big ? 1025 + Math.floor(r() * 64_000) : binary ? 75 : data.length,
      // Flat, as a port's structured clone delivers payloads: the `+=` above builds a rope (V8 ConsString), and a
      // regex over old-space ropes measured ~10x slower (/error/i over the 16,932 error payloads: 10-12 ms vs ~1 ms).
      data: structuredClone(data),
      truncated: big || undefined,
    };
  }
  return out;
}

interface Case {
  id: string;
  query: string;
  target: number;
  /** The expected count, written without the filter module. */
  expected: (records: readonly MessageRecord[]) => number;
}

const count = (records: readonly MessageRecord[], f: (r: MessageRecord) => boolean): number =>
  records.reduce((n, r) => (f(r) ? n + 1 : n), 0);

/** ASCII case-insensitive indexOf, written out by hand: independent of RegExp, and allocates nothing. */
function indexOfIgnoreCase(hay: string, needle: string, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) {
      if ((hay.charCodeAt(i + k) | 0x20) !== (needle.charCodeAt(k) | 0x20)) continue outer;
    }
    return i;
  }
  return -1;
}

/** `/err(or)?s?"/i` spelled out: "err", then "", "or", "s" or "ors", then a quote. */
function errRegexByHand(s: string): boolean {
  for (let i = indexOfIgnoreCase(s, 'err'); i >= 0; i = indexOfIgnoreCase(s, 'err', i + 1)) {
    const rest = s.slice(i + 3, i + 7).toLowerCase();
    if (rest.startsWith('"') || rest.startsWith('s"') || rest.startsWith('or"') || rest.startsWith('ors"')) return true;
  }
  return false;
}

// The needles are letters only, so the `| 0x20` folding above is exact for them.
const CASES: Case[] = [
  {
    id: 'filter.substring.1M',
    query: 'error',
    target: 30,
    expected: (rs) => count(rs, (r) => r.opcode === 1 && indexOfIgnoreCase(r.data, 'error') >= 0),
  },
  {
    id: 'filter.regex.1M',
    query: '/err(or)?s?"/i',
    target: 60,
    expected: (rs) => count(rs, (r) => r.opcode === 1 && errRegexByHand(r.data)),
  },
  {
    id: 'filter.structural.1M',
    query: 'dir:out size:>1k type:binary',
    target: 10,
    expected: (rs) => count(rs, (r) => r.dir === 'out' && r.size > 1024 && r.opcode === 2),
  },
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

function goal(id: string, values: number[], target: number, unit: string): Goal {
  return { id, value: median(values), op: '<=', target, unit, spread: [Math.min(...values), Math.max(...values)], n: values.length };
}

/** global.gc when node runs with --expose-gc; otherwise the V8 flag can still be turned on at run time. */
function getGc(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined; // no way to collect: the memory figure is skipped, and the log says so
  }
}

/**
 * Heap bytes per MessageRecord beyond its payload string, in the panel's real
 * store (MessageLog: the record array plus its per-connection index lists).
 */
function measureRecordOverhead(payloads: readonly string[], gc: () => void): number {
  // ArrayBuffer bytes count too: the log's index lists live in typed arrays, outside the JS heap.
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  gc();
  const before = used();
  const kept = buildFromPayloads(payloads);
  gc();
  const after = used();
  if (kept.length !== payloads.length) throw new Error('memory.recordOverhead: records lost');
  return (after - before) / payloads.length;
}

/** The records in the panel's real store (MessageLog: array + per-connection index), as the panel keeps them. */
function buildFromPayloads(payloads: readonly string[]): MessageLog {
  const log = new MessageLog();
  const batch: MessageRecord[] = [];
  for (let i = 0; i < payloads.length; i++) {
    const data = payloads[i] ?? '';
    // t with sub-ms precision is a heap number in V8, as in real captures.
    batch.push({
      id: i + 1,
      conn: `h1:${i % 8}`,
      t: 1_714_560_000_000.5 + i * 1.25,
      dir: i % 2 ? 'in' : 'out',
      opcode: 1,
      size: data.length,
      data,
    });
    if (batch.length === 4096) log.append(batch.splice(0));
  }
  log.append(batch);
  return log;
}

/** The panel's real store: records in its MessageLog, filtered by its language compiler (lazy decoding wired in). */
function panelStore(records: readonly MessageRecord[]): { log: MessageLog; compile: (q: string) => (r: MessageRecord) => boolean } {
  const log = new MessageLog();
  log.append(records);
  const compiler = createLanguageFilterCompiler(new DecodeCache(log, () => undefined));
  return {
    log,
    compile: (q) => {
      const { filter, error } = compiler(q, { connection: () => undefined });
      if (!filter) throw new Error(`filter ${q}: ${error ?? 'no filter'}`);
      return filter.test;
    },
  };
}

/** Scans the log as FilteredViewCache does for "All connections" (MessageLog.scan); returns the match count. */
function scanLog(log: MessageLog, test: (r: MessageRecord) => boolean): number {
  let n = 0;
  log.scan(log.firstSeq, test, () => n++);
  return n;
}

const suite: Suite = async (ctx: SuiteContext) => {
  const rounds = Math.max(1, ctx.rounds);
  let records: MessageRecord[] | undefined = buildRecords(N);
  let store: ReturnType<typeof panelStore> | undefined = panelStore(records);
  const goals: Goal[] = [];
  const runs: unknown[] = [];
  for (const c of CASES) {
    const expected = c.expected(records);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    // No forced GC between rounds: V8 sweeps concurrently after a full GC, and on
    // 2 cores that sweeping would be billed to the round that follows.
    for (let round = 0; round <= rounds; round++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const parsed = parseFilter(c.query);
      if (!parsed.ok) throw new Error(`${c.id}: ${parsed.error.message}`);
      const got = scanLog(store.log, store.compile(c.query));
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      // CPU time is logged beside wall time: on a shared machine it shows how much of a slow round was contention.
      const cpuMs = (cpu.user + cpu.system) / 1000;
      if (got !== expected) throw new Error(`${c.id}: ${got} matches, expected ${expected}`);
      if (round > 0) {
        times.push(ms); // round 0 warms the JIT up
        cpuTimes.push(cpuMs);
      }
      runs.push({ id: c.id, round, ms, cpuMs, matches: got });
    }
    goals.push(goal(c.id, times, c.target, 'ms'));
    ctx.log(`${c.id}: median ${median(times).toFixed(1)} ms wall, ${median(cpuTimes).toFixed(1)} ms CPU (${expected} matches of ${N})`);
  }

  const gc = getGc();
  if (gc) {
    const payloads = records.map((r) => r.data);
    records = undefined; // only the payloads stay alive while measuring
    store = undefined;
    const bytes: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const b = measureRecordOverhead(payloads, gc);
      if (round > 0) bytes.push(b);
      runs.push({ id: 'memory.recordOverhead', round, bytesPerRecord: b });
    }
    goals.push(goal('memory.recordOverhead', bytes, 200, 'bytes'));
    ctx.log(`memory.recordOverhead: median ${median(bytes).toFixed(1)} bytes per record beyond its payload`);
  } else ctx.log('memory.recordOverhead: skipped, no way to trigger a GC in this runtime');
  return { goals, runs };
};

export default suite;
