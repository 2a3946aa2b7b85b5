/**
 * What "Record stacks" costs a page per send(), in Chromium and Firefox with
 * the built extension: the page (test/pages/stacks.js) times a loop of
 * SENDS send() calls of 16 bytes on an open /echo socket, through a named
 * function, with the setting off and then on, in alternating rounds on the
 * same socket (per mode and round, the fastest of LOOPS loops). Before each timed loop the panel (opened as a tab, the e2e
 * harness) has set the option and the test probes until the page's hook
 * shows it has the setting (a probe send stored with / without a stack), so
 * every timed send runs in the intended mode; the log is cleared first so the
 * probes read a small dump. Echoes are awaited after each loop (not timed).
 *
 * Goals (ratios, reported: the issue sets no target): `realm.stacks-cost`
 * (Chromium) and `realm.stacks-cost.firefox`, the median of per-round
 * on/off time per send. Not measured here: the cost against no extension or
 * against open DevTools (bench/suites/capture.ts measures the hook itself).
 */
import { startTestServer } from '../../test/servers/test-server';
import { launch, waitUntil, type BrowserName } from '../../test/e2e/harness/browsers';
import { dumpTab, openSettings } from '../../test/e2e/harness/extension';
import type { Goal, Suite } from '../types';

/** Per mode and round: the fastest of LOOPS loops of SENDS sends (the minimum resists other jobs on a shared machine). */
const SENDS = 400;
const LOOPS = 5;
const PAYLOAD = 'x'.repeat(16);

type PageWindow = Window & {
  openNamedSocket(url: string): WebSocket;
  sendFromNamedFunction(ws: WebSocket, text: string): void;
  benchSocket: WebSocket;
  benchEchoes: number;
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function measureBrowser(name: BrowserName, rounds: number, log: (l: string) => void) {
  const server = await startTestServer();
  const h = await launch(name);
  try {
    const page = await h.newPage();
    const needle = `t=bench-stacks-${name}`;
    await page.goto(server.httpUrl(`/pages/stacks.html?${needle}`));
    await page.evaluate(async (url: string) => {
      const w = window as unknown as PageWindow;
      w.benchEchoes = 0;
      w.benchSocket = w.openNamedSocket(url);
      w.benchSocket.onmessage = () => void w.benchEchoes++;
      await new Promise((r) => (w.benchSocket.onopen = r));
    }, server.wsUrl('/echo?bench=stacks'));
    const panel = await h.openPanel(needle, page);
    await openSettings(panel); // Record stacks is behind the toolbar's Settings popover

    const probe = (text: string): Promise<void> =>
      page.evaluate(
        (t: string) => (window as unknown as PageWindow).sendFromNamedFunction((window as unknown as PageWindow).benchSocket, t),
        text,
      );
    let phase = 0;
    /** Sets the option in the panel, clears the log, and probes until the hook records in that mode. */
    const setMode = async (on: boolean): Promise<void> => {
      await openSettings(panel);
      const checked = await panel.$eval('[data-testid="record-stacks"]', (e) => (e as HTMLInputElement).checked);
      if (checked !== on) await panel.click('[data-testid="record-stacks"]');
      await panel.click('[data-testid="clear-button"]');
      let n = 0;
      const tag = `probe-${on ? 'on' : 'off'}-${++phase}-`;
      await waitUntil(
        async () => {
          await probe(`${tag}${++n}`);
          // Any probe of this phase (stored with a lag): the hook has the mode once one is recorded in it.
          const d = await dumpTab(panel, needle);
          return d?.messages.some((x) => x.dir === 'out' && x.data.startsWith(tag) && (x.stack !== undefined) === on) ?? false;
        },
        120_000,
        `the page's hook recording with stacks ${on ? 'on' : 'off'}`,
      );
    };
    /** Time per send (µs): the fastest of LOOPS loops of SENDS sends; then waits for their echoes (untimed). */
    const timeSends = async (): Promise<number> => {
      const { ms, target } = await page.evaluate(
        (count: number, loops: number, payload: string) => {
          const w = window as unknown as PageWindow;
          const before = w.benchEchoes;
          let best = Infinity;
          for (let l = 0; l < loops; l++) {
            const t0 = performance.now();
            for (let i = 0; i < count; i++) w.sendFromNamedFunction(w.benchSocket, payload);
            best = Math.min(best, performance.now() - t0);
          }
          return { ms: best, target: before + count * loops };
        },
        SENDS,
        LOOPS,
        PAYLOAD,
      );
      await waitUntil(
        async () => (await page.evaluate(() => (window as unknown as PageWindow).benchEchoes)) >= target,
        60_000,
        'the echoes of the timed sends',
      );
      return (ms * 1000) / SENDS;
    };

    await setMode(false);
    await timeSends(); // warm-up, discarded
    const runs: Array<{ browser: BrowserName; round: number; offUs: number; onUs: number; ratio: number }> = [];
    for (let round = 1; round <= rounds; round++) {
      await setMode(false);
      const offUs = await timeSends();
      await setMode(true);
      const onUs = await timeSends();
      runs.push({ browser: name, round, offUs, onUs, ratio: onUs / offUs });
      log(`${name} round ${round}: off ${offUs.toFixed(2)} µs/send, on ${onUs.toFixed(2)} µs/send, ×${(onUs / offUs).toFixed(2)}`);
    }
    await setMode(false);
    return runs;
  } finally {
    await h.close();
    await server.close();
  }
}

const suite: Suite = async (ctx) => {
  const goals: Goal[] = [];
  const runs: unknown[] = [];
  for (const [name, id] of [
    ['chromium', 'realm.stacks-cost'],
    ['firefox', 'realm.stacks-cost.firefox'],
  ] as const) {
    const r = await measureBrowser(name, ctx.rounds, ctx.log);
    runs.push(...r);
    const ratios = r.map((x) => x.ratio);
    goals.push({
      id,
      value: median(ratios),
      op: '<=',
      target: 10,
      unit: 'ratio',
      spread: [Math.min(...ratios), Math.max(...ratios)],
      n: ratios.length,
    });
    ctx.log(
      `${name}: per send off ${median(r.map((x) => x.offUs)).toFixed(2)} µs, on ${median(r.map((x) => x.onUs)).toFixed(2)} µs (medians)`,
    );
  }
  return { goals, runs };
};

export default suite;
