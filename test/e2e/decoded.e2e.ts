/**
 * Decoding in real browsers: a real Socket.IO chat and a real MQTT-over-WebSocket
 * session (mqtt.js ↔ aedes) shown decoded in the panel, the filter language
 * typed into the panel, and a request/reply pair with its latency.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { waitUntil, type BrowserName, type Harness } from './harness/browsers';
import { useRig } from './harness/rig';
import { screenshot, textOf, waitForDump } from './harness/extension';
import type { TestServer } from '../servers/test-server';

const browsers: BrowserName[] = ['chromium', 'firefox'];

/** Text of each visible row's cell with this test id, in row order. */
async function cells(p: Page, testId: string): Promise<string[]> {
  return p.evaluate(
    (id: string) =>
      Array.from(document.querySelectorAll('[data-testid="message-row"]')).map(
        (r) => r.querySelector(`[data-testid="${id}"]`)?.textContent ?? '',
      ),
    testId,
  );
}

/** Selects the first visible row whose decoded summary matches; returns its message id. */
async function selectRow(p: Page, summary: RegExp): Promise<string> {
  const id = await p.evaluate((src: string) => {
    const re = new RegExp(src);
    const row = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="message-row"]')).find((r) =>
      re.test(r.querySelector('[data-testid="decoded-summary"]')?.textContent ?? ''),
    );
    row?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    return row?.dataset.msgId ?? '';
  }, summary.source);
  expect(id, `a row whose summary matches ${summary}`).not.toBe('');
  return id;
}

/** Rows of the whole view (the table renders only the visible ones). */
async function rowCount(p: Page): Promise<number> {
  return p.evaluate(() => Number(document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') ?? 1) - 1);
}

async function selectedId(p: Page): Promise<string> {
  return p.evaluate(() => document.querySelector<HTMLElement>('[data-testid="message-row"][aria-selected="true"]')?.dataset.msgId ?? '');
}

async function typeFilter(p: Page, text: string): Promise<void> {
  await p.click('[data-testid="filter-input"]', { count: 3 });
  await p.keyboard.press('Backspace');
  if (text) await p.type('[data-testid="filter-input"]', text);
}

describe.each(browsers)('decoded traffic in %s', (name) => {
  let server: TestServer;
  let h: Harness;

  useRig(name, (s, b) => ((server = s), (h = b)));

  async function freshPage(tag: string): Promise<{ page: Page; needle: string }> {
    const page = await h.newPage();
    await page.goto(server.httpUrl(`/pages/blank.html?t=${tag}-${name}`));
    return { page, needle: `t=${tag}-${name}` };
  }

  it('a Socket.IO chat: decoded summaries, the Decoded tab tree, ack latency and the jump between them', async () => {
    const { page, needle } = await freshPage('sio');
    await page.addScriptTag({ url: server.httpUrl('/socket.io/socket.io.js') });
    const acks = await page.evaluate(async () => {
      const io = (window as unknown as { io: (o: object) => { emitWithAck(ev: string, ...a: unknown[]): Promise<unknown> } }).io;
      const socket = io({ transports: ['websocket'] });
      const joined = await socket.emitWithAck('join', 'ada');
      const published = await socket.emitWithAck('publish', 'hello from the e2e test');
      return [joined, published];
    });
    expect(acks[0]).toEqual({ ok: true });
    expect(acks[1]).toMatchObject({ ok: true });

    const p = await h.openPanel(needle, page);
    await waitForDump(
      p,
      needle,
      (d) => d.messages.some((m) => m.data.startsWith('43')) && d.messages.some((m) => m.data.includes('"message"')),
      'the publish ack and the broadcast',
    );
    await waitUntil(
      async () => (await cells(p, 'decoded-summary')).some((s) => /event publish/.test(s)),
      10_000,
      'a decoded `event publish` row',
    );
    const summaries = await cells(p, 'decoded-summary');
    expect(summaries.some((s) => /event message/.test(s))).toBe(true);
    const protoLabel = await textOf(p, '[data-testid="conn-protocol"]');
    expect(protoLabel).toMatch(/Socket\.IO/i);

    // The publish request shows the ack latency; the Decoded tab shows its tree and links to the ack.
    const publishId = await selectRow(p, /event publish/);
    await waitUntil(async () => (await selectedId(p)) === publishId, 5000, 'the publish row to be selected');
    const latency = await p.evaluate(
      (id: string) => document.querySelector(`[data-msg-id="${id}"] [data-testid="latency"]`)?.textContent ?? '',
      publishId,
    );
    expect(latency).toMatch(/^\d+(\.\d+)? (ms|s)$/);
    await p.click('[data-tab="decoded"]');
    await waitUntil(async () => (await textOf(p, '[data-testid="decoded-view"]')).includes('publish'), 5000, 'the Decoded tab');
    const tree = await textOf(p, '[data-testid="decoded-view"] .ss-dec-tree');
    expect(tree).toContain('hello from the e2e test');
    expect(await textOf(p, '[data-testid="pair-info"]')).toMatch(/Request · \d/);
    await screenshot(p, `${name}-decoded-socketio`);
    await p.click('[data-testid="pair-jump"]');
    await waitUntil(async () => (await selectedId(p)) !== publishId, 5000, 'the jump to the ack');
    const ackId = await selectedId(p);
    expect(await textOf(p, '[data-testid="pair-info"]')).toMatch(/Reply · ↩ \d/);
    // `p` in the table jumps back to the request.
    await p.focus('.ss-table');
    await p.keyboard.press('p');
    await waitUntil(async () => (await selectedId(p)) === publishId, 5000, 'the P key to jump back to the request');
    expect(Number(ackId)).toBeGreaterThan(Number(publishId));

    // The filter language narrows the table; an invalid query says where it is wrong.
    const before = (await cells(p, 'decoded-summary')).length;
    await typeFilter(p, 'event:=publish dir:out');
    await waitUntil(
      async () => {
        const shown = await cells(p, 'decoded-summary');
        return shown.length === 1 && /event publish/.test(shown[0] ?? '');
      },
      5000,
      'the filter to leave only the publish row',
    );
    expect(before).toBeGreaterThan(1);
    await typeFilter(p, 'hello -dir:in');
    await waitUntil(async () => (await cells(p, 'decoded-summary')).length === 1, 5000, 'a free word and a negation');
    // Matches are marked in the decoded summary and in the data preview.
    const marks = (await textOf(p, '[data-testid="message-row"] mark.ss-hl')).split('\n');
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toMatch(/^hello$/i);
    await typeFilter(p, 'dir:out size:>');
    await waitUntil(async () => (await textOf(p, '[data-testid="filter-error"]')) !== '', 5000, 'the inline error');
    expect(await textOf(p, '[data-testid="filter-error"]')).toMatch(/size/);
    expect(await textOf(p, '[data-testid="filter-error-range"] mark')).not.toBe('');
    await screenshot(p, `${name}-filter-error`);
    await typeFilter(p, 'is:unanswered');
    await waitUntil(
      async () => (await textOf(p, '[data-testid="empty-state"]')).includes('hidden'),
      5000,
      'no unanswered request (both were acked)',
    );
    await p.close();
    await page.close();
  });

  it('an MQTT-over-WebSocket session: PUBLISH/PUBACK decoded and paired, heartbeats hidden on demand, dark theme', async () => {
    const { page, needle } = await freshPage('mqtt');
    await page.addScriptTag({ url: server.httpUrl('/vendor/mqtt.min.js') });
    const got = await page.evaluate(async (url: string) => {
      type Client = {
        on(ev: string, fn: (...a: never[]) => void): void;
        subscribeAsync(topic: string, o: object): Promise<unknown>;
        publishAsync(topic: string, m: string, o: object): Promise<unknown>;
      };
      const mqtt = (window as unknown as { mqtt: { connectAsync(u: string, o: object): Promise<Client> } }).mqtt;
      const client = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'e2e-page', keepalive: 1, reconnectPeriod: 0 });
      const received = new Promise<string>((resolve) =>
        client.on('message', (topic, payload) => resolve(`${String(topic)} ${String(payload)}`)),
      );
      await client.subscribeAsync('chat/room1', { qos: 1 });
      // keepalive 1 s: wait for the first PINGREQ/PINGRESP while this page is in front (background tabs' timers are throttled).
      const pinged = new Promise<void>((resolve) =>
        client.on('packetreceive', (packet: { cmd: string }) => packet.cmd === 'pingresp' && resolve()),
      );
      await client.publishAsync('chat/room1', 'hi over mqtt', { qos: 1 });
      const message = await received;
      await pinged;
      return message;
    }, server.wsUrl('/mqtt'));
    expect(got).toBe('chat/room1 hi over mqtt');

    const p = await h.openPanel(needle, page);
    if (name === 'chromium') await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await waitUntil(async () => (await cells(p, 'decoded-summary')).some((s) => /PINGREQ/.test(s)), 15_000, 'an MQTT PINGREQ row');
    const summaries = await cells(p, 'decoded-summary');
    expect(summaries.some((s) => /^MQTT PUBLISH chat\/room1 qos 1 id \d+/.test(s))).toBe(true);
    expect(summaries.some((s) => /^MQTT SUBACK\b/.test(s))).toBe(true);
    expect(await textOf(p, '[data-testid="conn-protocol"]')).toMatch(/MQTT/);

    const pubId = await selectRow(p, /^MQTT PUBLISH chat\/room1 qos 1/);
    await waitUntil(async () => (await selectedId(p)) === pubId, 5000, 'the PUBLISH row to be selected');
    const latency = await p.evaluate(
      (id: string) => document.querySelector(`[data-msg-id="${id}"] [data-testid="latency"]`)?.textContent ?? '',
      pubId,
    );
    expect(latency).toMatch(/\d+(\.\d+)? (ms|s)$/);
    await p.click('[data-tab="decoded"]');
    await waitUntil(
      async () => (await textOf(p, '[data-testid="decoded-view"]')).includes('chat/room1'),
      5000,
      'the Decoded tab of the PUBLISH',
    );

    // Hide heartbeats: the PINGREQ/PINGRESP rows go, the rest stays.
    const total = await rowCount(p);
    await p.click('[data-testid="hide-heartbeats"]');
    await waitUntil(
      async () => !(await cells(p, 'decoded-summary')).some((s) => /PING(REQ|RESP)/.test(s)),
      5000,
      'heartbeats to be hidden',
    );
    const shown = await cells(p, 'decoded-summary');
    expect(await rowCount(p)).toBeLessThan(total);
    expect(shown.some((s) => /PUBLISH/.test(s))).toBe(true);
    // Binary MQTT is searched by its decoded summary: a regex finds CONNECT and CONNACK.
    await typeFilter(p, 'proto:mqtt /CONN(ECT|ACK)/');
    await waitUntil(
      async () => {
        const rows = await cells(p, 'decoded-summary');
        return rows.length === 2 && /^MQTT CONNECT\b/.test(rows[0] ?? '') && /^MQTT CONNACK\b/.test(rows[1] ?? '');
      },
      5000,
      'CONNECT and CONNACK by a regex over decoded binary',
    );
    await typeFilter(p, 'proto:mqtt event:chat/room1');
    await waitUntil(
      async () => {
        const rows = await cells(p, 'decoded-summary');
        return rows.length > 0 && rows.every((s) => /chat\/room1/.test(s));
      },
      5000,
      'the topic filter',
    );
    await screenshot(p, `${name}-decoded-mqtt${name === 'chromium' ? '-dark' : ''}`);
    if (name === 'chromium') expect(await p.evaluate(() => document.querySelector('.ss-panel')?.getAttribute('data-theme'))).toBe('dark');
    await p.close();
    await page.close();
  });
});
