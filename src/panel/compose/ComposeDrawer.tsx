/** The bottom drawer: Compose, Intercept (with the held queue), Replay, History. */
import { useCompose } from './context';
import type { ComposeSection } from './state';
import { ComposeForm } from './ComposeForm';
import { InterceptView } from './InterceptView';
import { ReplayView } from './ReplayView';
import { HistoryView } from './HistoryView';

const SECTIONS: Array<[ComposeSection, string]> = [
  ['compose', 'Compose'],
  ['intercept', 'Intercept'],
  ['replay', 'Replay'],
  ['history', 'History & snippets'],
];

export function ComposeDrawer() {
  const c = useCompose();
  if (!c) return null;
  const open = c.open.value;
  const section = c.section.value;
  const held = c.held.value.length;
  const status = c.status.value;
  return (
    <div class={`ss-compose ${open ? 'ss-compose-open' : ''}`} data-testid="compose-drawer">
      <div class="ss-compose-bar" role="tablist" aria-label="Send and intercept">
        {SECTIONS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={open && section === id}
            class={`ss-tab ${open && section === id ? 'ss-tab-on' : ''}`}
            data-testid={`compose-tab-${id}`}
            onClick={() => {
              c.open.value = !(open && section === id);
              c.section.value = id;
            }}
          >
            {label}
            {id === 'intercept' && held > 0 && (
              <span class="ss-badge ss-badge-warn" data-testid="held-count">
                {held} held
              </span>
            )}
            {id === 'intercept' && c.rules.value.length > 0 && held === 0 && <span class="ss-badge">on</span>}
          </button>
        ))}
        <span class="ss-grow" />
        {status && (
          <span
            class={`ss-compose-status ss-status-${status.kind}`}
            data-testid="compose-status"
            role={status.kind === 'error' ? 'alert' : 'status'}
          >
            {status.text}
          </span>
        )}
      </div>
      {open && (
        <div class="ss-compose-body">
          {section === 'compose' && <ComposeForm />}
          {section === 'intercept' && <InterceptView />}
          {section === 'replay' && <ReplayView />}
          {section === 'history' && <HistoryView />}
        </div>
      )}
    </div>
  );
}
