import { usePanel } from '../context';

/** Capture controls and the quick filter. */
export function Toolbar() {
  const { store, actions } = usePanel();
  const { paused, preserveLog } = store.options.value;
  const error = store.filterResult.value.error;
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
      <span class="ss-sep" aria-hidden="true" />
      <input
        type="search"
        class={`ss-filter ${error ? 'ss-filter-error' : ''}`}
        data-testid="filter-input"
        placeholder="Filter messages"
        aria-label="Filter messages"
        aria-invalid={error ? true : undefined}
        spellcheck={false}
        value={store.filterText.value}
        onInput={(e) => actions.setFilterText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') actions.setFilterText('');
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
