import { useEffect, useRef, useState } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { DecodeBytesButton } from '../frame/DecodeBytes';
import { ExportButton } from '../export/ExportPopover';
import { FilterStatus, FilterTools } from '../filter/FilterTools';
import { useReadOnly } from '../import/context';
import { ImportControls } from '../import/ImportControls';
import { SettingsMenu } from './SettingsMenu';

/** Above this many stored messages a filter scan takes a noticeable moment: wait until typing pauses. */
const DEBOUNCE_ABOVE = 100_000;
const DEBOUNCE_MS = 200;

/** Capture controls and the quick filter. */
export function Toolbar() {
  const { store, actions } = usePanel();
  const { paused } = store.options.value;
  const error = store.filterResult.value.error;
  const committed = store.filterText.value;
  const [draft, setDraft] = useState(committed);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The last text this box committed: only a change from elsewhere may overwrite the draft (else fast typing loses keys to a stale effect). */
  const mine = useRef(committed);
  useEffect(() => {
    // Read the store now, not the render's `committed`: this effect may run after more keys were typed.
    const now = store.filterText.peek();
    if (now !== mine.current) setDraft((mine.current = now));
  }, [committed]);
  const commit = (text: string) => {
    mine.current = text;
    actions.setFilterText(text);
  };
  useEffect(() => () => void (timer.current !== null && clearTimeout(timer.current)), []);
  const setFilter = (text: string, now = false) => {
    setDraft(text);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    if (now || store.log.length < DEBOUNCE_ABOVE) commit(text);
    else timer.current = setTimeout(() => commit(text), DEBOUNCE_MS);
  };
  const showConns = store.showConnections.value;
  const detailOpen = store.detailOpen.value;
  /** An imported file is shown: capture controls do not apply to it. */
  const imported = useReadOnly();
  const offLive = imported === null ? undefined : `Imported session (${imported}): switch to Live tab to capture`;
  return (
    <div class="ss-toolbar" role="toolbar" aria-label="Capture">
      <button
        type="button"
        class="ss-tool ss-tool-icon"
        data-testid="connections-toggle"
        aria-pressed={showConns}
        title={showConns ? 'Hide the connections list' : 'Show the connections list'}
        onClick={() => actions.setShowConnections(!showConns)}
      >
        <span aria-hidden="true">☰</span>
        <span class="ss-sr">Connections</span>
      </button>
      <button
        type="button"
        class={`ss-tool ${paused ? 'ss-tool-paused' : ''}`}
        data-testid="pause-button"
        aria-pressed={paused}
        disabled={imported !== null}
        title={offLive ?? (paused ? 'Resume capture' : 'Pause capture (messages are counted but not stored)')}
        onClick={() => actions.setOptions({ paused: !paused })}
      >
        <span aria-hidden="true">{paused ? '▶' : '❚❚'}</span> {paused ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        class="ss-tool"
        data-testid="clear-button"
        disabled={imported !== null}
        title={offLive ?? 'Clear captured messages'}
        onClick={() => actions.clear()}
      >
        <span aria-hidden="true">⊘</span> Clear
      </button>
      <SettingsMenu disabled={imported !== null} offLive={offLive} />
      <DecodeBytesButton />
      <ImportControls />
      <span class="ss-sep" aria-hidden="true" />
      <input
        type="search"
        class={`ss-filter ${error ? 'ss-filter-error' : ''}`}
        data-testid="filter-input"
        placeholder="Filter: words /regex/ dir:out event:publish -is:heartbeat (? for help)"
        aria-label="Filter messages"
        aria-invalid={error ? true : undefined}
        spellcheck={false}
        value={draft}
        onInput={(e) => setFilter(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setFilter('', true);
          else if (e.key === 'Enter') setFilter(e.currentTarget.value, true);
        }}
      />
      <FilterTools setFilter={(q) => setFilter(q, true)} draft={draft} />
      <FilterStatus />
      <span class="ss-grow" />
      <ExportButton />
      <button
        type="button"
        class="ss-tool"
        data-testid="detail-toggle"
        aria-pressed={detailOpen}
        title={detailOpen ? 'Hide the detail pane (Esc)' : 'Show the detail pane: the selected message or connection (Enter)'}
        onClick={() => actions.setDetailOpen(!detailOpen)}
      >
        Details
      </button>
      <button
        type="button"
        class="ss-tool"
        data-testid="keys-button"
        aria-pressed={store.keysOpen.value}
        title="Keyboard shortcuts (?)"
        onClick={() => actions.setKeysOpen(!store.keysOpen.value)}
      >
        <span aria-hidden="true">⌨</span>
        <span class="ss-sr">Keyboard shortcuts</span>
      </button>
    </div>
  );
}
