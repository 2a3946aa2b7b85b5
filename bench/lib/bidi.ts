/**
 * Firefox over raw WebDriver BiDi: no automation library in between, and no
 * network events subscribed, so the page pays only for what the variant
 * loads (Puppeteer subscribes to network data in Firefox by itself).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { live, stopProcess } from './processes';

const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const LAUNCH_TIMEOUT_MS = 30_000;
const BIDI_TIMEOUT_MS = 30_000;

/**
 * A quiet profile: no first-run pages, telemetry, updates or remote settings
 * (this machine has no network; failing look-ups would only add noise).
 */
const PREFS: Record<string, string | number | boolean> = {
  'remote.active-protocols': 1,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.page': 0,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': 'http://127.0.0.1:9/',
  'app.update.disabledForTesting': true,
  'app.normandy.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'dom.min_background_timeout_value': 0,
  'dom.timeout.enable_budget_timer_throttling': false,
  // The extension: a fixed moz-extension:// origin, host permissions granted without a prompt.
  'extensions.originControls.grantByDefault': true,
};

interface BidiMessage {
  type?: 'success' | 'error' | 'event';
  id?: number;
  result?: unknown;
  error?: string;
  message?: string;
  method?: string;
  params?: unknown;
}

export class Bidi {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => this.dispatch(JSON.parse(String(raw)) as BidiMessage));
    ws.on('close', () => this.failAll(new Error('BiDi connection closed')));
  }

  static async connect(url: string): Promise<Bidi> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 2 ** 20 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const bidi = new Bidi(ws);
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
    return bidi;
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, timeoutMs = BIDI_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`BiDi ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject, timer });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluates an expression whose value is a string (or a promise of one) in a browsing context. */
  async evaluate(context: string, expression: string, timeoutMs = BIDI_TIMEOUT_MS): Promise<string> {
    const r = await this.send<{ type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text?: string } }>(
      'script.evaluate',
      { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' },
      timeoutMs,
    );
    if (r.type === 'exception') throw new Error(`page threw: ${r.exceptionDetails?.text ?? '?'}`);
    if (r.result?.type !== 'string') throw new Error(`expected a string from the page, got ${r.result?.type ?? '?'}`);
    return r.result.value as string;
  }

  close(): void {
    this.ws.terminate();
  }

  private dispatch(msg: BidiMessage): void {
    if (msg.id === undefined) return; // events: none subscribed
    const call = this.pending.get(msg.id);
    if (!call) return;
    this.pending.delete(msg.id);
    clearTimeout(call.timer);
    if (msg.type === 'error') call.reject(new Error(`BiDi error: ${msg.error ?? '?'}: ${msg.message ?? ''}`));
    else call.resolve(msg.result);
  }

  private failAll(err: Error): void {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(err);
    }
    this.pending.clear();
  }
}

/**
 * With BENCH_GECKO_PROFILE=<dir>, Firefox runs its own sampling profiler from
 * start-up (JS frames, every main thread and worker, 1 ms) and writes the raw
 * Gecko profile to <dir>/<label>.json when it is closed politely
 * (`npx tsx bench/profile-summary.ts <dir>/<label>.json` summarises it).
 */
function geckoProfilerEnv(label: string): Record<string, string> {
  const dir = process.env.BENCH_GECKO_PROFILE;
  if (!dir) return {};
  return {
    MOZ_PROFILER_STARTUP: '1',
    MOZ_PROFILER_STARTUP_INTERVAL: '1',
    MOZ_PROFILER_STARTUP_ENTRIES: '67108864',
    MOZ_PROFILER_STARTUP_FEATURES: 'js,stackwalk,cpu,ipcmessages',
    MOZ_PROFILER_STARTUP_FILTERS: 'GeckoMain,DOM Worker,IPC I/O Child,IPC I/O Parent',
    MOZ_PROFILER_SHUTDOWN: join(dir, `${label}.json`),
  };
}

export interface Firefox {
  label: string;
  bidi: Bidi;
  exitNote(): string | null;
  close(): Promise<void>;
}

/** Starts Firefox ESR headless with a fresh quiet profile; `extraPrefs` for the extension's pinned UUID. */
export async function launchFirefox(label: string, extraPrefs: Record<string, string | number | boolean> = {}): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), `sockscope-bench-ff-${label}-`));
  const prefs = { ...PREFS, ...extraPrefs };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n',
  );
  const proc = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', ...geckoProfilerEnv(label) },
  });
  live.set(proc, profile);
  let stderr = '';
  let exitNote: string | null = null;
  proc.once('exit', (code, signal) => {
    exitNote = `Firefox (${label}) exited: code ${code ?? '-'}, signal ${signal ?? '-'}; stderr tail: ${stderr.slice(-1500)}`;
  });
  let bidi: Bidi | null = null;
  const close = (): Promise<void> =>
    stopProcess(proc, profile, async () => {
      if (bidi) await bidi.send('browser.close', {}, 5000);
      bidi?.close();
    });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${label}: Firefox did not start BiDi within ${LAUNCH_TIMEOUT_MS} ms: ${stderr.slice(-800)}`)),
        LAUNCH_TIMEOUT_MS,
      );
      proc.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-8000);
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.once('exit', () => reject(new Error(exitNote ?? 'Firefox exited')));
    });
    bidi = await Bidi.connect(`${endpoint}/session`);
    return { label, bidi, exitNote: () => exitNote, close };
  } catch (err) {
    await close();
    throw err;
  }
}
