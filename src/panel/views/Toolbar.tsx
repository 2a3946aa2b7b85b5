import { useEffect, useRef, useState } from 'preact/hooks';
import { usePanel } from '../context';
import { DecodeBytesButton } from '../frame/DecodeBytes';

/** Above this many stored messages a filter scan takes a noticeable moment: wait until typing pauses. */
const DEBOUNCE_ABOVE = 100_000;
const DEBOUNCE_MS = 200;

/** Capture controls and the quick filter. */
export function Toolbar() {
  const { store, actions } = usePanel();
  const { paused, preserveLog } = store.options.value;
  const error = store.filterResult.value.error;
  const committed = store.filterText.value;
  const [draft, setDraft] = useState(committed);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setDraft(committed), [committed]);
  useEffect(() => () => void (timer.current !== null && clearTimeout(timer.current)), []);
  const setFilter = (text: string, now = false) => {
    setDraft(text);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    if (now || store.log.length < DEBOUNCE_ABOVE) actions.setFilterText(text);
    else timer.current = setTimeout(() => actions.setFilterText(text), DEBOUNCE_MS);
  };
  return (
    <div class="ss-toolbar" role="toolbar" aria-label="Capture">
      <button
        type="button"
        class={`ss-tool ${paused ? 'ss-tool-paused' : ''}`}
        data-testid="pause-button"
        aria-pressed={paused}
        title={paused ? 'Resume capture' : 'Pause capture (messages are counted but not stored)'}
        onClick={() => actions.setOptions({ paused: !paused })}
      >
        <span aria-hidden="true">{paused ? '▶' : '❚❚'}</span> {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" class="ss-tool" data-testid="clear-button" title="Clear captured messages" onClick={() => actions.clear()}>
        <span aria-hidden="true">⊘</span> Clear
      </button>
      <label class="ss-check" title="Keep messages across page navigations">
        <input
          type="checkbox"
          data-testid="preserve-log"
          checked={preserveLog}
          onChange={(e) => actions.setOptions({ preserveLog: e.currentTarget.checked })}
        />
        Preserve log
      </label>
      <DecodeBytesButton />
      <span class="ss-sep" aria-hidden="true" />
      <input
        type="search"
        class={`ss-filter ${error ? 'ss-filter-error' : ''}`}
        data-testid="filter-input"
        placeholder="Filter messages"
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
      {error && (
        <span class="ss-filter-msg" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
