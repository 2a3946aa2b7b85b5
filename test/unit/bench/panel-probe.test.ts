import { describe, expect, it } from 'vitest';
import { frameGaps, maxBacklog, quantile, statusLags, type Sample } from '../../../bench/lib/panel-probe';
import { contentScriptFiles } from '../../../bench/lib/content-common';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A sample whose tabStats round trip took no time. */
const s = (t: number, store: number, panel: number): Sample => ({ tAsk: t, tAnswer: t, store, tPanel: t, panel, heap: 0 });

describe('panel bench probe', () => {
  it('a status bar that shows everything stored trails by 0 ms', () => {
    expect(statusLags([s(0, 10, 10), s(100, 50, 50), s(200, 90, 90)])).toEqual([0, 0, 0]);
  });

  it('lag is the time since the store first held a message the panel does not show (interpolated)', () => {
    // The store goes 0 → 100 between t=0 and t=100; at t=300 the panel shows 50: message 51 was stored at t=51.
    const lags = statusLags([s(0, 0, 0), s(100, 100, 0), s(200, 100, 0), s(300, 100, 50), s(400, 100, 100)]);
    expect(lags[3]).toBeCloseTo(300 - 51, 5);
    expect(lags[4]).toBe(0);
    // At t=100 the panel shows 0 and message 1 was stored at t=1.
    expect(lags[1]).toBeCloseTo(99, 5);
  });

  it('a store sample is placed at the middle of its round trip', () => {
    const a: Sample = { tAsk: 0, tAnswer: 0, store: 0, tPanel: 0, panel: 0, heap: 0 };
    const b: Sample = { tAsk: 80, tAnswer: 120, store: 10, tPanel: 120, panel: 0, heap: 0 };
    // Message 1 reached at 0 + (1 / 10) × 100 = 10.
    expect(statusLags([a, b])[1]).toBeCloseTo(110, 5);
  });

  it('backlog, frame gaps and quantiles', () => {
    expect(maxBacklog([s(0, 10, 10), s(1, 500, 20), s(2, 600, 590)])).toBe(480);
    expect(frameGaps([0, 16, 33, 100])).toEqual([16, 17, 67]);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 0.95)).toBe(19);
    expect(quantile([5], 0.95)).toBe(5);
  });

  it('content script bytes: the manifest scripts and the chunks they name', () => {
    const dist = mkdtempSync(join(tmpdir(), 'content-bytes-'));
    mkdirSync(join(dist, 'extension'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'manifest.json'),
      JSON.stringify({ content_scripts: [{ js: ['extension/relay.js'] }, { js: ['extension/hook.js'] }] }),
    );
    writeFileSync(join(dist, 'extension/relay.js'), 'import("/assets/chunk.js");');
    writeFileSync(join(dist, 'extension/hook.js'), 'x');
    writeFileSync(join(dist, 'assets/chunk.js'), '12345');
    writeFileSync(join(dist, 'assets/other.js'), 'not loaded by a content script');
    const files = contentScriptFiles(dist);
    expect(files.map((f) => f.file).sort()).toEqual(['assets/chunk.js', 'extension/hook.js', 'extension/relay.js']);
    expect(files.reduce((n, f) => n + f.bytes, 0)).toBe(27 + 1 + 5);
  });
});
