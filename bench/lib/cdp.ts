/**
 * Chromium over raw CDP with flat sessions (not through Playwright or
 * Puppeteer page objects: those enable the Network domain on every page,
 * which would make every variant a DevTools run).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { live, pollFor, stopProcess } from './processes';

const CHROMIUM = '/usr/bin/chromium';
export const LAUNCH_TIMEOUT_MS = 20_000;
export const CDP_TIMEOUT_MS = 30_000;

// ── CDP over a WebSocket, flat sessions ──────────────────────────────────

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

type CdpListener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

export class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly listeners = new Map<string, Set<CdpListener>>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => this.dispatch(JSON.parse(String(raw)) as CdpMessage));
    ws.on('close', () => this.failAll(new Error('CDP connection closed')));
  }

  static async connect(url: string): Promise<Cdp> {
    // Frame events of 64 KiB binary messages arrive base64-encoded: allow big frames.
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 512 * 2 ** 20 });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Cdp(ws);
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string, timeoutMs = CDP_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject, timer });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }));
    });
  }

  on(method: string, listener: CdpListener): () => void {
    let set = this.listeners.get(method);
    if (!set) this.listeners.set(method, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.ws.terminate();
  }

  private dispatch(msg: CdpMessage): void {
    if (msg.id !== undefined) {
      const call = this.pending.get(msg.id);
      if (!call) return;
      this.pending.delete(msg.id);
      clearTimeout(call.timer);
      if (msg.error) call.reject(new Error(`CDP error: ${msg.error.message}`));
      else call.resolve(msg.result);
      return;
    }
    if (msg.method === undefined) return;
    for (const listener of this.listeners.get(msg.method) ?? []) listener(msg.params ?? {}, msg.sessionId);
  }

  private failAll(err: Error): void {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(err);
    }
    this.pending.clear();
  }
}

// ── browser processes ────────────────────────────────────────────────────

export interface Browser {
  label: string;
  cdp: Cdp;
  /** How the process ended, once it has (crash, OOM kill, someone else's pkill); null while it runs. */
  exitNote(): string | null;
  close(): Promise<void>;
}

export async function launchChromium(label: string, extraArgs: string[]): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), `sockscope-bench-${label}-`));
  const args = [
    '--headless',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--mute-audio',
    // Timings must not depend on which tab the browser thinks is in front.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), // root in containers: no sandbox possible
    ...extraArgs,
    'about:blank',
  ];
  const proc = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  live.set(proc, profile);
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exitNote: string | null = null;
  proc.once('exit', (code, signal) => {
    exitNote = `Chromium (${label}) exited: code ${code ?? '-'}, signal ${signal ?? '-'}; stderr tail: ${stderr.slice(-1500)}`;
  });
  let cdp: Cdp | null = null;
  const close = (): Promise<void> =>
    stopProcess(proc, profile, async () => {
      if (cdp) await cdp.send('Browser.close', {}, undefined, 5000);
      cdp?.close();
    });
  try {
    // Chromium writes the port and the browser target path once it listens.
    const portFile = join(profile, 'DevToolsActivePort');
    const endpoint = await pollFor(`${label}: DevToolsActivePort`, LAUNCH_TIMEOUT_MS, 25, () => {
      if (proc.exitCode !== null) throw new Error(`${label}: Chromium exited with ${proc.exitCode}: ${stderr}`);
      if (!existsSync(portFile)) return null;
      const [port, path] = readFileSync(portFile, 'utf8').split('\n');
      return port && path ? `ws://127.0.0.1:${port}${path}` : null;
    });
    cdp = await Cdp.connect(endpoint);
    return { label, cdp, exitNote: () => exitNote, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The extension id is the host of its service worker's URL. */
export async function findExtensionId(cdp: Cdp): Promise<string> {
  return pollFor('the extension service worker target (is dist/chrome a complete build?)', LAUNCH_TIMEOUT_MS, 50, async () => {
    const { targetInfos } = await cdp.send<{ targetInfos: Array<{ type: string; url: string }> }>('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
    return worker ? new URL(worker.url).host : null;
  });
}

/** Runtime.evaluate in a session, awaiting a promise and returning its value; a throw in the page becomes an Error with its description. */
export async function evaluate<T>(cdp: Cdp, sessionId: string, expression: string, timeoutMs = CDP_TIMEOUT_MS): Promise<T> {
  const reply = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
    'Runtime.evaluate',
    { expression, awaitPromise: true, returnByValue: true },
    sessionId,
    timeoutMs,
  );
  if (reply.exceptionDetails)
    throw new Error(`page threw: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
  return reply.result.value as T;
}
