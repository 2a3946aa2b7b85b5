/**
 * Export and import of captures, in Node (no browser): HAR export of
 * 100,000 messages (redaction on, as shipped) and import of a 100 MB pcapng
 * capture written by our own writer, with tshark reading the same file in
 * the same run as a reference. Each run checks its output (message counts
 * and bytes); a wrong result is an error, not a fast one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Goal, Suite } from '../types';
import type { ConnectionRecord, MessageRecord } from '../../src/model/records';
import { exportHarText, exportPcapng } from '../../src/export';
import { importCapture } from '../../src/import';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function goal(id: string, values: number[], op: '<=' | '>=', target: number, unit: string): Goal {
  return { id, value: median(values), op, target, unit, spread: [Math.min(...values), Math.max(...values)], n: values.length };
}

function connections(n: number, t0: number): ConnectionRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `b:${i}`,
    url: `ws://127.0.0.1:${9000 + i}/feed?session=s${i}`,
    protocols: [],
    frameUrl: 'http://127.0.0.1/',
    frameId: 0,
    created: t0,
    opened: t0 + 1,
    state: 'open',
    sent: { messages: 0, bytes: 0 },
    received: { messages: 0, bytes: 0 },
  }));
}

/** n messages, ~100-byte JSON texts and 15% binary, spread over 8 connections. */
function messages(n: number, t0: number, size: (i: number) => number): MessageRecord[] {
  const out: MessageRecord[] = new Array<MessageRecord>(n);
  for (let i = 0; i < n; i++) {
    const binary = i % 7 === 3;
    const body = `{"type":"update","id":${i},"price":${(i * 13) % 1000},"token":"${i % 50 === 0 ? 'tok' + i : ''}"}`;
    const text = body.padEnd(size(i), ' ');
    out[i] = {
      id: i + 1,
      conn: `b:${i % 8}`,
      t: t0 + 10 + i * 0.5,
      dir: i % 3 === 0 ? 'out' : 'in',
      opcode: binary ? 2 : 1,
      size: text.length,
      data: binary ? Buffer.from(text).toString('base64') : text,
    };
  }
  return out;
}

const suite: Suite = async (ctx) => {
  const t0 = 1_764_000_000_000;
  const goals: Goal[] = [];
  const runs: unknown[] = [];

  // HAR export of 100,000 messages.
  const conns = connections(8, t0);
  const msgs = messages(100_000, t0, () => 100);
  const harMs: number[] = [];
  for (let r = 0; r < ctx.rounds; r++) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const text = exportHarText(conns, msgs);
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000; // the process's CPU (GC threads included): what the machine's load does not stretch
    const har = JSON.parse(text) as { log: { entries: { _webSocketMessages: unknown[] }[] } };
    const count = har.log.entries.reduce((n, e) => n + e._webSocketMessages.length, 0);
    if (count !== msgs.length) throw new Error(`export.har.100k: ${count} messages in the HAR, expected ${msgs.length}`);
    harMs.push(ms);
    runs.push({ id: 'export.har.100k', ms, cpuMs, bytes: text.length });
    ctx.log(`export.har.100k: ${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), ${(text.length / 1e6).toFixed(1)} MB of JSON`);
  }
  goals.push(goal('export.har.100k', harMs, '<=', 1000, 'ms'));

  // A ~100 MB capture: 8 connections, 4 KiB messages, written by our pcapng writer (MSS segments, masked client frames).
  const big = messages(24_000, t0, () => 4096);
  const capture = (await exportPcapng(conns, big, { redact: { enabled: false } })).bytes;
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-bench-'));
  const file = join(dir, 'capture-100MB.pcapng');
  writeFileSync(file, capture);
  const mb = capture.length / 1e6;
  const expectedBytes = big.reduce((n, m) => n + m.size, 0);
  const ours: number[] = [];
  const rates: number[] = [];
  const theirs: number[] = [];
  const rounds = Math.min(ctx.rounds, 3);
  try {
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      const result = await importCapture(capture);
      const ms = performance.now() - start;
      if (!result.ok) throw new Error(`import.pcap.100MB: ${result.error.place}: ${result.error.message}`);
      const got = result.value.messages;
      const bytes = got.reduce((n, m) => n + m.size, 0);
      if (got.length !== big.length || bytes !== expectedBytes)
        throw new Error(`import.pcap.100MB: ${got.length} messages / ${bytes} bytes, expected ${big.length} / ${expectedBytes}`);
      ours.push(ms);
      rates.push(mb / (ms / 1000));
      let tshark: number | null = null;
      try {
        const s = performance.now();
        execFileSync('tshark', ['-r', file, '-q', '-z', 'io,stat,0'], { stdio: 'ignore' });
        tshark = performance.now() - s;
        theirs.push(tshark);
      } catch {
        ctx.log('tshark not available: reference timing skipped');
      }
      runs.push({
        id: 'import.pcap.100MB',
        ms,
        mb,
        mbPerS: mb / (ms / 1000),
        tsharkIoStatMs: tshark,
        packets: result.value.streams.length,
      });
      ctx.log(
        `import.pcap.100MB: ${ms.toFixed(0)} ms (${(mb / (ms / 1000)).toFixed(1)} MB/s) for ${mb.toFixed(1)} MB; tshark -z io,stat,0: ${tshark === null ? 'n/a' : `${tshark.toFixed(0)} ms`}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  goals.push(goal('import.pcap.100MB', ours, '<=', 5000, 'ms'));
  goals.push(goal('import.pcap.100MB.throughput', rates, '>=', 20, 'MB/s'));
  // Reference, same file, same run: tshark only counts frames here (no WebSocket dissection asked).
  if (theirs.length > 0) goals.push(goal('import.pcap.100MB.tshark', theirs, '<=', 5000, 'ms'));
  const huge = await importHuge(conns, t0, ctx);
  goals.push(...huge.goals);
  runs.push(...huge.runs);
  return { goals, runs };
};

/** A ~200 MB capture as the panel hands it over (one buffer, read in chunks): time, peak memory, and how soon Cancel stops it. */
async function importHuge(conns: ConnectionRecord[], t0: number, ctx: Parameters<Suite>[0]): Promise<{ goals: Goal[]; runs: unknown[] }> {
  const capture = (
    await exportPcapng(
      conns,
      messages(46_000, t0, () => 4096),
      { redact: { enabled: false } },
    )
  ).bytes;
  const mb = capture.length / 1e6;
  // JS heap + ArrayBuffers (RSS never shrinks after the 100 MB rounds, so it says nothing here); exact with --expose-gc.
  const gc = (globalThis as { gc?: () => void }).gc;
  const mem = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  gc?.();
  const mem0 = mem();
  let peak = mem0;
  const sample = (): void => void (peak = Math.max(peak, mem()));
  const start = performance.now();
  const result = await importCapture(capture, { onProgress: sample });
  const ms = performance.now() - start;
  sample();
  if (!result.ok || result.value.messages.length !== 46_000)
    throw new Error(`import.pcap.200MB: ${result.ok ? `${result.value.messages.length} messages` : result.error.message}`);
  gc?.();
  const kept = mem() - mem0; // the imported session (messages, captured frames), while it is shown
  let tshark: number | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-bench-'));
  try {
    writeFileSync(join(dir, 'capture-200MB.pcapng'), capture);
    const s = performance.now();
    execFileSync('tshark', ['-r', join(dir, 'capture-200MB.pcapng'), '-q', '-z', 'io,stat,0'], { stdio: 'ignore' });
    tshark = performance.now() - s;
  } catch {
    ctx.log('tshark not available: reference timing skipped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Cancel as the panel's button does: a macrotask queued once half the file is read.
  const controller = new AbortController();
  let clicked = 0;
  let at = 0;
  const cancelled = await importCapture(capture, {
    signal: controller.signal,
    onProgress: (read) => {
      if (clicked || read < capture.length / 2) return;
      clicked = -1;
      setTimeout(() => {
        clicked = performance.now();
        at = read;
        controller.abort();
      }, 0);
    },
  });
  const cancelMs = performance.now() - clicked;
  if (cancelled.ok || cancelled.error.code !== 'CANCELLED' || clicked <= 0)
    throw new Error(`import.pcap.200MB.cancel: the import was not cancelled (${cancelled.ok ? 'finished' : cancelled.error.code})`);
  const line = {
    id: 'import.pcap.200MB',
    mb,
    ms,
    mbPerS: mb / (ms / 1000),
    heapExtraPeakMB: (peak - mem0) / 1e6,
    keptMB: kept / 1e6,
    exactMemory: gc !== undefined,
    tsharkIoStatMs: tshark,
    cancelMs,
    cancelledAt: cancelled.error.place,
    clickedAtByte: at,
  };
  ctx.log(
    `import.pcap.200MB: ${ms.toFixed(0)} ms (${line.mbPerS.toFixed(1)} MB/s) for ${mb.toFixed(1)} MB, memory +${line.heapExtraPeakMB.toFixed(0)} MB at peak, ${line.keptMB.toFixed(0)} MB kept; tshark -z io,stat,0: ${tshark === null ? 'n/a' : `${tshark.toFixed(0)} ms`}; Cancel at byte ${at} stopped it ${cancelMs.toFixed(0)} ms later (${cancelled.error.place})`,
  );
  return {
    goals: [goal('import.pcap.200MB', [ms], '<=', 10_000, 'ms'), goal('import.pcap.200MB.cancel', [cancelMs], '<=', 250, 'ms')],
    runs: [line],
  };
}

export default suite;
