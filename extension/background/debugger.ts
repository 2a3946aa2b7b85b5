/**
 * Debugger mode's browser side (Chrome only; Firefox has no `debugger` API
 * and its manifest never lists the permission): attach to a tab, enable the
 * Network domain, auto-attach its workers (flat sessions) and enable Network
 * in each; every event goes to the hub (src/background/debugger-mode.ts).
 * Chrome cannot make `debugger` optional (vite.config.ts lists it for Chrome):
 * nothing attaches before the user turns the mode on for a tab. Should the
 * API be missing (permission removed), attach says so.
 */
import type { DebuggerControl } from '../../src/background/debugger-mode';

interface Debuggee {
  tabId?: number;
  sessionId?: string;
}
interface ChromeDebugger {
  attach(target: Debuggee, version: string): Promise<void>;
  detach(target: Debuggee): Promise<void>;
  sendCommand(target: Debuggee, method: string, params?: object): Promise<unknown>;
  onEvent: { addListener(fn: (source: Debuggee, method: string, params?: unknown) => void): void };
  onDetach: { addListener(fn: (source: Debuggee, reason: string) => void): void };
}
interface ChromePermissions {
  onAdded?: { addListener(fn: () => void): void };
}

const chromeApi = (): { debugger?: ChromeDebugger; permissions?: ChromePermissions } =>
  (globalThis as { chrome?: { debugger?: ChromeDebugger; permissions?: ChromePermissions } }).chrome ?? {};

const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: false, flatten: true };

type EventSink = (tabId: number, method: string, params: unknown, session: string | undefined) => void;
type DetachSink = (tabId: number, reason: string) => void;

export function debuggerControl(onEvent: EventSink, onDetach: DetachSink): DebuggerControl {
  let listening = false;
  /** Listeners go on as soon as the API exists: at start-up when granted before, else once granted. */
  const listen = (): void => {
    const dbg = chromeApi().debugger;
    if (listening || !dbg) return;
    listening = true;
    dbg.onEvent.addListener((source, method, params) => {
      if (source.tabId === undefined) return;
      if (method === 'Target.attachedToTarget') {
        const sessionId = (params as { sessionId?: unknown } | undefined)?.sessionId;
        if (typeof sessionId === 'string') {
          const child = { tabId: source.tabId, sessionId };
          // A worker's own workers (nested) are auto-attached too.
          void dbg.sendCommand(child, 'Network.enable').catch(() => undefined);
          void dbg.sendCommand(child, 'Target.setAutoAttach', AUTO_ATTACH).catch(() => undefined);
        }
      }
      onEvent(source.tabId, method, params, source.sessionId);
    });
    dbg.onDetach.addListener((source, reason) => {
      if (source.tabId !== undefined) onDetach(source.tabId, reason);
    });
  };
  listen();
  chromeApi().permissions?.onAdded?.addListener(listen);

  return {
    async attach(tabId) {
      listen();
      const dbg = chromeApi().debugger;
      if (!dbg) return 'the debugger permission was not granted';
      try {
        await dbg.attach({ tabId }, '1.3');
        await dbg.sendCommand({ tabId }, 'Network.enable');
        await dbg.sendCommand({ tabId }, 'Target.setAutoAttach', AUTO_ATTACH);
        return null;
      } catch (e) {
        void dbg.detach({ tabId }).catch(() => undefined);
        return e instanceof Error ? e.message : String(e);
      }
    },
    async detach(tabId) {
      await chromeApi()
        .debugger?.detach({ tabId })
        .catch(() => undefined); // already detached (tab closed, Cancel)
    },
  };
}
