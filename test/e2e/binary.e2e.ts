/**
 * Large binary messages, end to end, in Chromium and Firefox: the hook
 * copies a payload of 16 KiB or more into a Blob (src/hook/payload.ts) that
 * the background reads back. Stored bytes must equal the bytes on the wire,
 * taken at send time even when the page changes its buffer right after, for
 * every carrier, sent and received, and cut at the per-message cap with the
 * full size kept.
 */
import { describe, expect, it } from 'vitest';
import { type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];

/** Byte i of payload `n`: a pattern that differs per payload and per offset. */
const byteAt = (n: number, i: number): number => (n * 31 + i * 7) & 255;
const SIZES = [16 * 1024, 20 * 1024 + 3, 64 * 1024, 300 * 1024];
const CAP = 1024 * 1024; // DEFAULT_LIMITS.maxMessageBytes
const OVER_CAP = CAP + 4096;

describe.each(browsers)('large binary in %s', (name) => {
  let server: TestServer;
  let h: Harness;

  useRig(name, (s, b) => ((server = s), (h = b)));

  it('stores large payloads byte for byte, as they were when sent, for every carrier, and cuts one over the cap', async () => {
    const page = await h.newPage();
    const needle = `t=binary-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    const echoed = await page.evaluate(
      async (url: string, sizes: number[], over: number) => {
        const fill = (n: number, len: number): Uint8Array => {
          const u = new Uint8Array(len);
          for (let i = 0; i < len; i++) u[i] = (n * 31 + i * 7) & 255;
          return u;
        };
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        await new Promise((r) => ws.addEventListener('open', r, { once: true }));
        let got = 0;
        const all = new Promise<void>((r) => (ws.onmessage = () => ++got === sizes.length + 1 && r()));
        sizes.forEach((len, n) => {
          // Carriers in turn: ArrayBuffer, a Uint8Array view at an offset, a DataView at an offset.
          const at = n % 3 === 0 ? 0 : 5;
          const backing = new Uint8Array(len + 2 * at);
          backing.set(fill(n, len), at);
          const payload =
            n % 3 === 0 ? backing.buffer : n % 3 === 1 ? backing.subarray(at, at + len) : new DataView(backing.buffer, at, len);
          ws.send(payload);
          backing.fill(0xee); // after send: the capture must hold what was sent
        });
        ws.send(fill(sizes.length, over));
        await all;
        return got;
      },
      server.wsUrl('/echo'),
      SIZES,
      OVER_CAP,
    );
    expect(echoed).toBe(SIZES.length + 1);

    const ask = await h.openPanel('t=none', page); // an extension page to ask the background from
    const count = 2 * (SIZES.length + 1);
    const dump = await waitForDump(ask, needle, (d) => d.messages.length === count, `${count} messages stored`, 30_000);
    for (const dir of ['out', 'in'] as const) {
      const messages = dump.messages.filter((m) => m.dir === dir);
      expect(messages.map((m) => m.size)).toEqual([...SIZES, OVER_CAP]);
      messages.forEach((m, n) => {
        const bytes = Buffer.from(m.data, 'base64');
        const stored = n < SIZES.length ? SIZES[n] : CAP;
        expect(bytes.length, `${dir} ${n}`).toBe(stored);
        const wrong = bytes.findIndex((b, i) => b !== byteAt(n, i));
        expect(wrong, `${dir} ${n}: first wrong byte`).toBe(-1);
        expect(Boolean(m.truncated), `${dir} ${n} truncated`).toBe(n === SIZES.length);
      });
    }
    const out = dump.messages.filter((m) => m.dir === 'out').map((m) => m.carrier);
    expect(out).toEqual(['ArrayBuffer', 'Uint8Array', 'DataView', 'ArrayBuffer', 'Uint8Array']);
  });
});
