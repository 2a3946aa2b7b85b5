/**
 * Frame viewer and Decode bytes in real Chromium and Firefox: captured
 * messages on /echo and /deflate, the Frame tab's fields, and the tshark
 * example pasted into Decode bytes. Screenshots in light and dark. On
 * /deflate, the compressed payloads the Frame tab shows for ~30 varied sent
 * messages are inflated back by a server-side ws (RFC 7692 7.2.2).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { screenshot, textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';
import { variedMessages, wsReceiver } from '../unit/protocol/deflate-peers';

const browsers: BrowserName[] = ['chromium', 'firefox'];

/** data-field → data-value of the bit grid of the first frame shown. */
async function gridFields(p: Page, within = '[data-testid="frame-view"]'): Promise<Record<string, string>> {
  return p.evaluate((root: string) => {
    const grid = document.querySelector(`${root} [data-testid="bit-grid"]`);
    return Object.fromEntries(
      Array.from(grid?.querySelectorAll<HTMLElement>('[data-field]') ?? [], (e) => [e.dataset.field ?? '', e.dataset.value ?? '']),
    );
  }, within);
}

/** Clicks the message row showing `text` in direction `dir` (a real mouse click). */
async function selectRow(p: Page, text: string, dir: 'out' | 'in'): Promise<void> {
  await waitUntil(
    async () => {
      for (const row of await p.$$('[data-testid="message-row"]')) {
        const [t, out] = await row.evaluate((e) => [e.textContent ?? '', e.classList.contains('ss-row-out')] as const);
        if (t.includes(text) && out === (dir === 'out')) {
          await row.click();
          return true;
        }
      }
      return false;
    },
    10_000,
    `the ${dir} row "${text}"`,
  );
  await waitUntil(async () => (await textOf(p, '[data-testid="message-row"].ss-selected')).includes(text), 5000, 'the row to be selected');
}

async function openFrameTab(p: Page): Promise<Record<string, string>> {
  await p.click('[data-tab="frame"]');
  await p.waitForSelector('[data-testid="frame-view"] [data-testid="bit-grid"]');
  return gridFields(p);
}

describe.each(browsers)('frame viewer in %s', (name) => {
  let server: TestServer;
  let h: Harness;
  let page: Page;

  useRig(name, (s, b) => ((server = s), (h = b)));

  it('shows sent and received messages as reconstructed frames, RSV1 on the deflate connection; Decode bytes reads the tshark example', async () => {
    page = await h.newPage();
    const needle = `t=frame-${name}`;
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    const extensions = await page.evaluate(
      async (urls: { echo: string; deflate: string }) => {
        const roundTrip = async (url: string, text: string) => {
          const ws = new WebSocket(url);
          await new Promise((r) => (ws.onopen = r));
          const echoed = new Promise((r) => (ws.onmessage = r));
          ws.send(text);
          await echoed;
          return ws.extensions;
        };
        await roundTrip(urls.echo, 'frame me: plain');
        return roundTrip(urls.deflate, 'frame me: deflate deflate deflate');
      },
      { echo: server.wsUrl('/echo'), deflate: server.wsUrl('/deflate') },
    );
    expect(extensions).toMatch(/permessage-deflate/);

    const p = await h.openPanel(needle, page);
    await p.setViewport({ width: 1400, height: 900 });
    await waitForDump(p, needle, (d) => d.messages.length === 4, 'four messages');

    // Sent on /echo: masked, no RSV1, 7-bit length 15.
    await selectRow(p, 'frame me: plain', 'out');
    expect(await openFrameTab(p)).toMatchObject({ fin: '1', rsv1: '0', opcode: '0x1 text', mask: '1', len7: '15' });
    expect(await textOf(p, '[data-testid="frame-reconstructed"]')).toMatch(/Reconstructed frame/);
    await p.hover('[data-testid="frame-view"] [data-col="p"][data-i="2"]');
    await waitUntil(async () => (await textOf(p, '[data-testid="hex-note"]')).startsWith('byte 2:'), 5000, 'the hover note');
    await screenshot(p, `${name}-frame-sent`);

    // Received on /echo: the server never masks.
    await selectRow(p, 'frame me: plain', 'in');
    expect(await gridFields(p)).toMatchObject({ fin: '1', rsv1: '0', opcode: '0x1 text', mask: '0', len7: '15' });
    expect(await gridFields(p)).not.toHaveProperty('key');

    // /deflate: RSV1 1 and a compressed (shorter) payload, in both directions.
    await selectRow(p, 'frame me: deflate', 'out');
    const sent = await gridFields(p);
    expect(sent).toMatchObject({ fin: '1', rsv1: '1', opcode: '0x1 text', mask: '1' });
    expect(Number(sent.len7)).toBeLessThan(33);
    expect(await textOf(p, '[data-testid="frame-compression"]')).toContain('permessage-deflate');
    await screenshot(p, `${name}-frame-deflate`);
    await selectRow(p, 'frame me: deflate', 'in');
    expect(await gridFields(p)).toMatchObject({ rsv1: '1', mask: '0' });

    // Decode bytes: paste the tshark example.
    await p.click('[data-testid="decode-bytes-button"]');
    await p.waitForSelector('[data-testid="decode-input"]');
    await p.type('[data-testid="decode-input"]', '81 87 e1 a4 c6 1d 8c c5 f4 6e 80 cf a7');
    await waitUntil(async () => (await textOf(p, '[data-testid="decoded-message"]')) === 'ma2saka', 5000, 'ma2saka decoded');
    expect(await gridFields(p, '[data-testid="decode-bytes"]')).toMatchObject({
      fin: '1',
      opcode: '0x1 text',
      mask: '1',
      len7: '7',
      key: 'e1 a4 c6 1d',
    });
    await screenshot(p, `${name}-decode-bytes`);

    // Dark (prefers-color-scheme; the panel opened as a tab follows it).
    let dark = true;
    try {
      await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    } catch {
      dark = false; // not every WebDriver BiDi build can emulate media features: light only there
    }
    if (dark) {
      await waitUntil(
        async () => (await p.evaluate(() => document.querySelector('.ss-panel')?.getAttribute('data-theme'))) === 'dark',
        5000,
        'the dark theme',
      );
      await p.click('[data-testid="decode-example"]:nth-of-type(4)');
      await waitUntil(async () => (await textOf(p, '[data-testid="decoded-message"]')) === 'Hello', 5000, 'the compressed example');
      await screenshot(p, `${name}-decode-bytes-dark`);
      await p.click('[data-testid="decode-close"]');
      await selectRow(p, 'frame me: deflate', 'out');
      await p.waitForSelector('[data-testid="frame-view"]');
      await screenshot(p, `${name}-frame-dark`);
    }
  });

  it('the compressed payloads of 31 varied sent messages inflate back in a server-side ws, in order (context takeover)', async () => {
    const needle = `t=frame-deflate-${name}`;
    const users = JSON.stringify({
      type: 'users',
      list: Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `user ${i + 1}`, status: 'online' })),
    });
    // The corpus of the unit tests (JSON, repetitive text, random binary, empty): with this seed,
    // fflate's old sync flush already breaks the sixth message.
    const corpus = variedMessages(31, 1).filter((m) => m.kind !== '64KiB');
    const messages: { text?: string; hex?: string }[] = [
      { text: users },
      ...corpus.map((m) => (m.text ? { text: new TextDecoder().decode(m.bytes) } : { hex: Buffer.from(m.bytes).toString('hex') })),
    ];
    page = await h.newPage();
    await page.goto(server.httpUrl(`/pages/blank.html?${needle}`));
    const extensions = await page.evaluate(
      async (url: string, list: { text?: string; hex?: string }[]) => {
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        await new Promise((r) => (ws.onopen = r));
        let echoed = 0;
        const all = new Promise((r) => (ws.onmessage = () => ++echoed === list.length && r(null)));
        for (const m of list)
          ws.send(m.hex === undefined ? (m.text ?? '') : new Uint8Array((m.hex.match(/../g) ?? []).map((b) => parseInt(b, 16))));
        await all;
        return ws.extensions;
      },
      server.wsUrl('/deflate'),
      messages,
    );
    expect(extensions).toMatch(/permessage-deflate/);

    const p = await h.openPanel(needle, page);
    await p.setViewport({ width: 1400, height: 900 });
    await waitForDump(p, needle, (d) => d.messages.length === 2 * messages.length, `${2 * messages.length} messages`);
    await p.type('[data-testid="filter-input"]', 'dir:out\n');
    await waitUntil(async () => (await p.$$('[data-testid="message-row"]')).length > 0, 5000, 'the sent rows');
    await (await p.$('[data-testid="message-row"]'))?.click();
    await openFrameTab(p);

    // Walk the sent messages with the keyboard, reading what the Frame tab shows for each.
    const shown: { id: number; hex: string; note: string }[] = [];
    for (let k = 0; k < messages.length; k++) {
      if (k > 0) {
        await p.focus('[role="grid"][aria-label="Messages"]');
        await p.keyboard.press('ArrowDown');
      }
      await waitUntil(
        async () =>
          Number(
            await p.evaluate(() => document.querySelector<HTMLElement>('[data-testid="message-row"].ss-selected')?.dataset.msgId ?? -1),
          ) > (shown.at(-1)?.id ?? -1),
        5000,
        `sent message ${k + 1} selected`,
      );
      const read = async () =>
        p.evaluate(() => {
          const view = document.querySelector('[data-testid="frame-view"]');
          const more = view?.querySelector<HTMLButtonElement>('.ss-more button');
          more?.click();
          return {
            id: Number(document.querySelector<HTMLElement>('[data-testid="message-row"].ss-selected')?.dataset.msgId ?? -1),
            more: more !== null && more !== undefined,
            hex: Array.from(view?.querySelectorAll('[data-col="p"]') ?? [], (e) => e.textContent ?? '').join(''),
            note: view?.querySelector('[data-testid="frame-compression"]')?.textContent ?? '',
          };
        });
      let r = await read();
      while (r.more) r = await read();
      shown.push(r);
    }

    // The server's side of the agreement the browser reports, inflating client→server messages as ws does.
    const receiver = wsReceiver(extensions, 'client-to-server');
    try {
      for (const [k, m] of messages.entries()) {
        const s = shown[k]!;
        expect(s.note).toContain(k === 0 ? 'as the first sent message' : `after the ${k} earlier sent message(s)`);
        const want = m.hex === undefined ? Buffer.from(m.text ?? '') : Buffer.from(m.hex, 'hex');
        const back = await receiver.inflate(Buffer.from(s.hex, 'hex'));
        expect(back.toString('hex'), `sent message ${k + 1} (#${s.id})`).toBe(want.toString('hex'));
      }
    } finally {
      receiver.close();
    }
  });
});
