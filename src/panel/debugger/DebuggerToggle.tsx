/**
 * Toolbar "Debugger mode" (Chrome only: shown when the shell can request the
 * `debugger` permission). Turning it on first explains Chrome's yellow bar
 * and the cost; "Turn on" requests the permission (in the click, as Chrome
 * requires a user gesture; the Chrome manifest lists `debugger`, which Chrome
 * cannot make optional, so it resolves true) and sets the tab's `debugger` option;
 * the background attaches (src/background/debugger-mode.ts). Turning it off
 * detaches at once. When Chrome ends it (the bar's Cancel, an attach refused)
 * the toolbar says why.
 */
import { createContext } from 'preact';
import { useContext, useRef, useState } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { useKeepInside } from '../ui/keep-inside';
import '../ui/ui.css';
import './debugger.css';

/** Requests the `debugger` permission (chrome.permissions.request); resolves to whether it is granted. */
export type RequestDebugger = () => Promise<boolean>;
export const DebuggerPermission = createContext<RequestDebugger | null>(null);

/** Why the mode went off, in words (TabOptions.debuggerOff). */
export function debuggerOffWords(reason: string): string {
  if (reason === 'canceled_by_user') return 'Debugger mode is off: Cancel was clicked on Chrome’s “started debugging” bar.';
  if (reason === 'target_closed') return 'Debugger mode is off: the tab was closed or crashed.';
  return `Debugger mode is off: Chrome refused to attach (${reason.replace(/^attach failed: /, '')}).`;
}

function Explanation({ onClose, request }: { onClose: () => void; request: RequestDebugger }) {
  const { actions } = usePanel();
  const [status, setStatus] = useState('');
  const box = useRef<HTMLDivElement>(null);
  useKeepInside(box);
  const turnOn = () => {
    // Called in the click itself: Chrome grants optional permissions only during a user gesture.
    request().then(
      (granted) => {
        if (!granted) return setStatus('Chrome did not grant the debugger permission: debugger mode stays off.');
        actions.setOptions({ debugger: true });
        onClose();
      },
      (e: unknown) => setStatus(`Could not ask for the permission: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <div
      ref={box}
      class="ss-popover ss-debugger"
      role="dialog"
      aria-label="Debugger mode"
      data-testid="debugger-explain"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <p>
        <strong>Debugger mode</strong> reads this tab through Chrome’s debugger as well as the page hook. It adds what the hook and Chrome’s
        extension API cannot see: the messages of sockets opened in the tab’s workers, the full handshake headers (with Sec-WebSocket-Key,
        so the Accept header is checked), and the code that opened each socket.
      </p>
      <p>
        While it is on, Chrome shows a yellow bar, “Sockscope” started debugging this browser; its <em>Cancel</em> button turns the mode
        off. DevTools’ own debugger (breakpoints, stepping, the Network panel) keeps working beside it.
      </p>
      <p class="ss-muted">
        It costs: Chrome sends Sockscope every frame of the tab’s sockets once more, beside the page hook. Turn it off when you are done;
        off detaches and restores the normal cost. Chrome hides a refused handshake’s status from its debugger too.
      </p>
      <div class="ss-debugger-actions">
        <button type="button" class="ss-button ss-button-primary" data-testid="debugger-confirm" onClick={turnOn}>
          Turn on
        </button>
        <button type="button" class="ss-button" data-testid="debugger-cancel" onClick={onClose}>
          Not now
        </button>
      </div>
      {status && (
        <p role="status" class="ss-debugger-warn" data-testid="debugger-status">
          {status}
        </p>
      )}
    </div>
  );
}

/** Why Chrome ended debugger mode, in the toolbar beside the settings (not hidden in their popover). */
export function DebuggerOffNote() {
  const request = useContext(DebuggerPermission);
  const { store } = usePanel();
  const { debugger: on, debuggerOff } = store.options.value;
  if (!request || !debuggerOff || on) return null;
  return (
    <span class="ss-debugger-warn" role="status" data-testid="debugger-note">
      {debuggerOffWords(debuggerOff)}
    </span>
  );
}

export function DebuggerToggle({ disabled }: { disabled: boolean }) {
  const request = useContext(DebuggerPermission);
  const { store, actions } = usePanel();
  const [explaining, setExplaining] = useState(false);
  if (!request) return null;
  const { debugger: on } = store.options.value;
  return (
    <span class="ss-debugger-tool">
      <label class="ss-check" title="Read this tab’s sockets through Chrome’s debugger too: worker sockets, refused statuses, full headers">
        <input
          type="checkbox"
          data-testid="debugger-mode"
          disabled={disabled}
          checked={on === true}
          aria-expanded={explaining}
          onClick={(e) => {
            if (on === true) return actions.setOptions({ debugger: false });
            e.preventDefault(); // not on until the user has read what it does and Chrome granted it
            setExplaining(!explaining);
          }}
        />
        Debugger<span class="ss-wide-only"> mode</span>
      </label>
      {explaining && <Explanation request={request} onClose={() => setExplaining(false)} />}
    </span>
  );
}
