/**
 * Frame tab render time for a 1 MiB message (goal frameView.render1MiB,
 * ≤ 50 ms to first paint), in real headless Chromium.
 *
 * bench/pages/frameview is built with vite (the panel's own sources, Preact
 * preset) into a temp dir and served on 127.0.0.1. Each round loads the page
 * afresh, lets the fake background deliver the message, then the page times
 * selecting it with the Frame tab chosen: from the click until the task right
 * after the next paint (rAF + posted message). Every round checks that the
 * header shows the 1,048,576-byte 64-bit length and that only the first bytes
 * of hex was rendered. One warm-up round is discarded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { FIRST_BYTES } from '../../src/panel/frame/HexPair';
import type { Goal, SuiteContext, SuiteResult } from '../types';

const PAGE_DIR = fileURLToPath(new URL('../pages/frameview/', import.meta.url));
const TARGET_MS = 50;
const EXPECTED_LENGTH = (1024 * 1024).toLocaleString('en-US');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_DIR,
    logLevel: 'warn',
    plugins: [preact()],
    build: { outDir, emptyOutDir: true, minify: true },
  });
}

function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(dir, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream') });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) });
    }),
  );
}

interface PageResult {
  ms: number;
  extendedLength: string | null;
  hexBytes: number;
}

export default async function frameviewSuite(ctx: SuiteContext): Promise<SuiteResult> {
  const out = mkdtempSync(join(tmpdir(), 'sockscope-frameview-'));
  await buildPage(out);
  const site = await serve(out);
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const times: number[] = [];
  const runs: unknown[] = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    for (let round = -1; round < ctx.rounds; round++) {
      await page.goto(site.url, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof (window as unknown as { __frameBench?: unknown }).__frameBench === 'function');
      const r = await page.evaluate(() => (window as unknown as { __frameBench: () => Promise<PageResult> }).__frameBench());
      if (r.extendedLength !== EXPECTED_LENGTH)
        throw new Error(`round ${round + 1}: header shows length ${String(r.extendedLength)}, expected ${EXPECTED_LENGTH}`);
      if (r.hexBytes !== FIRST_BYTES)
        throw new Error(`round ${round + 1}: ${r.hexBytes} hex bytes rendered, expected the first ${FIRST_BYTES}`);
      if (round < 0) continue; // warm-up: caches and JIT
      times.push(r.ms);
      runs.push({ id: 'frameView.render1MiB', round, ms: r.ms });
      ctx.log(`frameView.render1MiB round ${round + 1}: ${r.ms.toFixed(1)} ms to first paint`);
    }
  } finally {
    await browser.close();
    await site.close();
    rmSync(out, { recursive: true, force: true });
  }
  const goal: Goal = {
    id: 'frameView.render1MiB',
    value: median(times),
    op: '<=',
    target: TARGET_MS,
    unit: 'ms',
    spread: [Math.min(...times), Math.max(...times)],
    n: times.length,
  };
  return { goals: [goal], runs };
}
