/**
 * The toolbar's capture settings (Preserve log, Record stacks, Debugger mode)
 * behind one "Settings ▾" button, so the side-docked toolbar keeps to two
 * rows. A disclosure popover like the filter help and Export: the button says
 * aria-expanded, Esc closes it (keys-install.ts closes the innermost open
 * one; the popover handles Esc itself for hosts without that map) and focus
 * goes back to the button; a click outside closes it. Opening focuses the
 * first setting. The button counts the settings that are on.
 */
import { useContext, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { DebuggerOffNote, DebuggerPermission, DebuggerToggle } from '../debugger/DebuggerToggle';
import { useKeepInside } from '../ui/keep-inside';
import './settings.css';

function Settings({
  disabled,
  offLive,
  onClose,
}: {
  disabled: boolean;
  offLive: string | undefined;
  onClose: (focusButton: boolean) => void;
}) {
  const { store, actions } = usePanel();
  const { preserveLog, recordStacks } = store.options.value;
  const box = useRef<HTMLDivElement>(null);
  useKeepInside(box);
  useLayoutEffect(() => {
    const el = box.current;
    const doc = el?.ownerDocument;
    if (!el || !doc) return;
    el.querySelector<HTMLElement>('input:not(:disabled)')?.focus();
    const outside = (e: Event) => {
      const tool = el.parentElement; // the button and the popover
      if (!tool?.contains(e.target as Node | null)) onClose(false);
    };
    doc.addEventListener('pointerdown', outside, true);
    return () => doc.removeEventListener('pointerdown', outside, true);
  }, []);
  return (
    <div
      ref={box}
      class="ss-popover ss-settings"
      role="group"
      aria-label="Capture settings"
      data-testid="settings-popover"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        onClose(true);
      }}
    >
      <label class="ss-check" title={offLive ?? 'Keep messages across page navigations'}>
        <input
          type="checkbox"
          data-testid="preserve-log"
          disabled={disabled}
          checked={preserveLog}
          onChange={(e) => actions.setOptions({ preserveLog: e.currentTarget.checked })}
        />
        Preserve log
      </label>
      <label
        class="ss-check"
        title={
          offLive ??
          'Record the page’s JavaScript stack at new WebSocket() and send() (Stack tab). Off by default: it costs time on every send, which a page could measure. A page learns the setting when its first socket connects: reload to record creation stacks.'
        }
      >
        <input
          type="checkbox"
          data-testid="record-stacks"
          disabled={disabled}
          checked={recordStacks === true}
          onChange={(e) => actions.setOptions({ recordStacks: e.currentTarget.checked })}
        />
        Record stacks
      </label>
      <DebuggerToggle disabled={disabled} />
    </div>
  );
}

export function SettingsMenu({ disabled, offLive }: { disabled: boolean; offLive: string | undefined }) {
  const { store } = usePanel();
  const [open, setOpen] = useState(false);
  const debuggable = useContext(DebuggerPermission) !== null;
  const button = useRef<HTMLButtonElement>(null);
  const { preserveLog, recordStacks, debugger: dbg } = store.options.value;
  const on = [preserveLog && 'Preserve log', recordStacks === true && 'Record stacks', dbg === true && 'Debugger mode'].filter(
    (x): x is string => typeof x === 'string',
  );
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  return (
    <span class="ss-settings-tool">
      <button
        ref={button}
        type="button"
        class={`ss-tool ${on.length > 0 ? 'ss-tool-on' : ''}`}
        data-testid="settings-button"
        aria-expanded={open}
        aria-haspopup="true"
        title={`Capture settings: Preserve log, Record stacks${debuggable ? ', Debugger mode' : ''}${on.length > 0 ? `. On: ${on.join(', ')}` : ''}`}
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        <span aria-hidden="true">⚙</span>
        <span class="ss-wide-only"> Settings</span>
        {on.length > 0 && (
          <span class="ss-settings-count" data-testid="settings-on" aria-label={`${on.length} on`}>
            {on.length}
          </span>
        )}
        <span aria-hidden="true"> ▾</span>
        <span class="ss-sr ss-narrow-only">Settings</span>
      </button>
      {open && <Settings disabled={disabled} offLive={offLive} onClose={close} />}
      <DebuggerOffNote />
    </span>
  );
}
