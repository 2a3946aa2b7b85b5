/**
 * The content suite's Firefox part over WebDriver BiDi: the 50-iframe page
 * with and without dist/firefox-test installed, paired per round
 * (content.firefox.iframes50.*). A page with a socket, found by the
 * background afterwards, proves that the extension's content scripts ran in
 * the (x) browser (an extension that never loaded would look free).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from '../../test/servers/test-server';
import type { Goal, SuiteContext } from '../types';
import { launchFirefox, type Firefox } from './bidi';
import { pollFor } from './processes';
import { iframeGoals, iframeRounds, pageTimingJson, type PageTiming } from './content-common';

const GECKO_ID = 'sockscope@sockscope.dev';
const UUID = '5a0c6b1e-2f4d-4c59-9b1a-50c7e7a1d0b5';
const BOUND_MS = 30_000;

async function loadFirefox(ff: Firefox, server: TestServer, token: string): Promise<PageTiming> {
  const { context } = await ff.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
  try {
    await ff.bidi.send(
      'browsingContext.navigate',
      { context, url: server.httpUrl(`/bench/iframes50.html?${token}`), wait: 'complete' },
      BOUND_MS,
    );
    const json = await pollFor(`the page's timing (${token})`, BOUND_MS, 20, async () => {
      const v = await ff.bidi.evaluate(context, pageTimingJson(token)).catch(() => 'not yet');
      return v === 'not yet' ? null : v;
    });
    return JSON.parse(json) as PageTiming;
  } finally {
    await ff.bidi.send('browsingContext.close', { context }).catch(() => undefined);
  }
}

/** A socket page in the (x) browser, then an extension page asking the background for it. */
async function assertContentScriptsRun(ff: Firefox, server: TestServer): Promise<void> {
  const token = `ff-content-control-${Date.now()}`;
  const { context: page } = await ff.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
  const { context: ext } = await ff.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
  try {
    const url = server.httpUrl(`/bench/capture.html?mode=recv&n=10&size=10&kind=text&token=${token}`);
    await ff.bidi.send('browsingContext.navigate', { context: page, url, wait: 'complete' }, BOUND_MS);
    // BiDi will not open moz-extension:// itself; the test build lets a 127.0.0.1 page go there.
    await ff.bidi.send('browsingContext.navigate', { context: ext, url: server.httpUrl('/pages/blank.html'), wait: 'complete' });
    await ff.bidi.evaluate(ext, `(location.href = ${JSON.stringify(`moz-extension://${UUID}/extension/panel.html`)}, 'ok')`);
    const ask = `(location.protocol === 'moz-extension:' && typeof browser === 'object'
      ? browser.runtime.sendMessage({ type: 'findTab', urlContains: ${JSON.stringify(token)} }).then((r) => String(r && r.tabId != null))
      : 'not yet')`;
    await pollFor('the (x) browser to capture a socket page (are the content scripts running?)', BOUND_MS, 50, async () =>
      (await ff.bidi.evaluate(ext, ask).catch(() => 'not yet')) === 'true' ? true : null,
    );
  } finally {
    for (const context of [page, ext]) await ff.bidi.send('browsingContext.close', { context }).catch(() => undefined);
  }
}

export async function firefoxIframeRounds(ctx: SuiteContext, server: TestServer, runs: unknown[]): Promise<Goal[]> {
  if (!existsSync(join(ctx.firefoxTestDist, 'manifest.json')))
    throw new Error(`${ctx.firefoxTestDist} is not built (npm run build:firefox-test)`);
  const browsers: Firefox[] = [];
  try {
    const plain = await launchFirefox('content-plain');
    browsers.push(plain);
    const ext = await launchFirefox('content-extension', { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) });
    browsers.push(ext);
    await ext.bidi.send('webExtension.install', { extensionData: { type: 'path', path: ctx.firefoxTestDist } });
    await assertContentScriptsRun(ext, server);
    ctx.log(`firefox: extension installed from ${ctx.firefoxTestDist}; its content scripts capture a socket page`);
    const ff = { a: plain, x: ext };
    const iframeRuns = await iframeRounds({
      browser: 'firefox',
      rounds: ctx.rounds,
      log: ctx.log,
      loadOnce: (variant, token) => loadFirefox(ff[variant], server, token),
    });
    runs.push(...iframeRuns.map((r) => ({ id: 'content.firefox.iframes50', ...r })));
    return iframeGoals('content.firefox', iframeRuns);
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}
