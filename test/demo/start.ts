/**
 * `npm start` (and `npm run dev`, which passes --no-build): builds the Chrome
 * extension, starts the test server, prints the demo URL and, when a display
 * is available, opens Chromium with the extension loaded and DevTools open on
 * the demo page. Runs until Ctrl-C, then closes the browser and the server.
 *
 *   --no-build    use dist/ as it is
 *   --firefox     build dist/firefox and run Firefox ESR through web-ext instead
 *   --no-browser  only serve, print how to load the extension by hand
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../servers/test-server';
import { unpackedExtensionId, writeDevToolsPreferences } from './devtools-prefs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const CHROME_DIST = join(ROOT, 'dist/chrome');
const FIREFOX_DIST = join(ROOT, 'dist/firefox');
const FIREFOX_BIN = '/usr/bin/firefox-esr';

const args = new Set(process.argv.slice(2));
const firefox = args.has('--firefox');

function run(command: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    spawn(command, argv, { cwd: ROOT, stdio: 'inherit' })
      .on('error', () => resolve(127))
      .on('exit', (code) => resolve(code ?? 1));
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string | null {
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir !== '' && isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

function printManualSteps(demoUrl: string): void {
  console.log(`
Load the extension by hand:
  Chrome/Chromium: chrome://extensions → turn on Developer mode → Load unpacked → ${CHROME_DIST}
  Firefox:         about:debugging → This Firefox → Load Temporary Add-on… → ${FIREFOX_DIST}/manifest.json
                   (build it first with: npm run build:firefox)
Then open ${demoUrl}, open DevTools (F12) and pick the WebSockets panel.`);
}

/** DevTools opens docked at the bottom, with the WebSockets tab after Network (devtools-prefs.ts). */
function launchChromium(binary: string, demoUrl: string, profile: string): ChildProcess {
  writeDevToolsPreferences(profile, unpackedExtensionId(CHROME_DIST));
  const flags = [
    `--user-data-dir=${profile}`,
    `--load-extension=${CHROME_DIST}`,
    `--disable-extensions-except=${CHROME_DIST}`,
    '--auto-open-devtools-for-tabs',
    '--no-first-run',
    '--no-default-browser-check',
  ];
  // Chromium refuses to start as root with its sandbox on (containers, CI boxes).
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  if (/google-chrome/.test(binary)) {
    // Branded Chrome 137+ ignores --load-extension: https://developer.chrome.com/blog/command-line-flag-removal
    console.warn('Note: Google Chrome ignores --load-extension; load dist/chrome by hand (steps below).');
  }
  // Own process group, so Ctrl-C here can end the browser and all its helpers.
  return spawn(binary, [...flags, demoUrl], { stdio: 'ignore', detached: true });
}

/** web-ext installs the temporary add-on over the remote protocol and owns (and removes) the profile. */
function launchFirefox(demoUrl: string): ChildProcess {
  const webExt = join(ROOT, 'node_modules/.bin/web-ext');
  const argv = [
    'run',
    '--source-dir',
    FIREFOX_DIST,
    '--firefox',
    FIREFOX_BIN,
    '--start-url',
    demoUrl,
    '--no-input',
    '--no-reload',
    '--arg=--devtools',
  ];
  return spawn(webExt, argv, { stdio: 'inherit', detached: true });
}

/** SIGTERM to the browser's process group, SIGKILL if it is still there after `graceMs`. */
async function stopBrowser(browser: ChildProcess, graceMs: number): Promise<void> {
  const pid = browser.pid;
  if (pid === undefined || browser.exitCode !== null || browser.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => {
    browser.once('exit', () => resolve(true));
    setTimeout(() => resolve(false), graceMs).unref();
  });
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal); // the whole group: renderers, GPU process, web-ext's Firefox
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') console.warn(`could not stop the browser: ${(err as Error).message}`);
    }
  };
  signalGroup('SIGTERM');
  if (!(await exited)) signalGroup('SIGKILL');
}

async function main(): Promise<void> {
  if (!args.has('--no-build')) {
    const script = firefox ? 'build:firefox' : 'build:chrome';
    console.log(`Building (npm run ${script})…`);
    const code = await run('npm', ['run', script]);
    if (code !== 0) {
      console.error(`npm run ${script} failed (exit ${code}).`);
      process.exit(1);
    }
  }
  const dist = firefox ? FIREFOX_DIST : CHROME_DIST;
  const haveDist = existsSync(join(dist, 'manifest.json'));
  if (!haveDist) console.warn(`No extension build in ${dist}: run npm start without --no-build.`);

  const server = await startTestServer({ record: false });
  const demoUrl = server.httpUrl('/demo/index.html');
  console.log(
    `\nSockscope demo chat: ${demoUrl}\n  (also ${server.httpUrl('/demo/index.html', 'localhost')}; open it in two windows to chat)`,
  );

  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const chromium = firefox ? null : findChromium();
  let browser: ChildProcess | null = null;
  let profile: string | null = null;
  let stopping = false;
  if (args.has('--no-browser') || !hasDisplay || !haveDist || (!firefox && chromium === null)) {
    if (!hasDisplay) console.log('\nNo display ($DISPLAY / $WAYLAND_DISPLAY unset): not opening a browser.');
    else if (!firefox && chromium === null) console.log('\nNo Chromium found (/usr/bin/chromium, chromium-browser, google-chrome).');
    printManualSteps(demoUrl);
  } else {
    if (firefox) {
      browser = launchFirefox(demoUrl);
    } else {
      profile = mkdtempSync(join(tmpdir(), 'sockscope-demo-'));
      browser = launchChromium(chromium ?? '', demoUrl, profile);
      console.log('In DevTools (docked at the bottom), pick the WebSockets tab, right after Network.');
    }
    console.log(`\nOpening ${firefox ? 'Firefox ESR' : chromium} with the extension loaded.`);
    browser.on('exit', () => {
      if (!stopping) console.log('Browser closed; the server keeps running. Ctrl-C to stop.');
    });
  }
  console.log('\nCtrl-C to stop.');

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (browser !== null) await stopBrowser(browser, 5000);
    await server.close();
    if (profile !== null) rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
