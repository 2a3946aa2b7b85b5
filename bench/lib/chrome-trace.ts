/**
 * With BENCH_CHROME_TRACE=<dir>, each (x) capture run in Chromium is traced
 * browser-wide with V8's sampling profiler on every thread of every process
 * (the page's renderer with our content scripts, the extension's service
 * worker, the browser's IO thread) and written to
 * <dir>/<workload>-<round>.json (`npx tsx bench/trace-summary.ts <file>`
 * summarises it). Tracing costs time: a traced run's figures are not for
 * the goals, only for finding where the time goes.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Cdp } from './cdp';

export const traceDir = (): string | undefined => process.env.BENCH_CHROME_TRACE || undefined;

const CATEGORIES = ['disabled-by-default-v8.cpu_profiler', 'v8.execute', 'toplevel', '__metadata'];

export async function startTrace(cdp: Cdp): Promise<void> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'], recordMode: 'recordAsMuchAsPossible' },
  });
}

/** Ends the trace and writes it to `<dir>/<name>.json`; returns the path. */
export async function endTrace(cdp: Cdp, dir: string, name: string): Promise<string> {
  const complete = new Promise<string>((resolve) => {
    const off = cdp.on('Tracing.tracingComplete', (params) => {
      off();
      resolve(params.stream as string);
    });
  });
  await cdp.send('Tracing.end');
  const stream = await complete;
  const path = join(dir, `${name}.json`);
  const out = createWriteStream(path);
  for (;;) {
    const chunk = await cdp.send<{ data: string; eof: boolean; base64Encoded?: boolean }>(
      'IO.read',
      { handle: stream, size: 4 << 20 },
      undefined,
      120_000,
    );
    out.write(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data);
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return path;
}
