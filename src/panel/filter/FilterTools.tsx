/**
 * Toolbar extras of the filter box: the inline error with its range
 * marked, scan progress, the help popover (FILTER_HELP; examples fill the
 * box), saved filters, and "Hide heartbeats". Everything renders as text.
 */
import { useState } from 'preact/hooks';
import { FILTER_HELP } from '../../filter';
import { usePanel } from '../capture/context';

/** The error message and the query with the offending range marked. */
export function FilterStatus() {
  const { store } = usePanel();
  const { error, errorRange } = store.filterResult.value;
  const progress = store.filterProgress.value;
  const text = store.filterText.value;
  return (
    <>
      {error && (
        <span class="ss-filter-msg" role="alert" data-testid="filter-error">
          {error}
          {errorRange && (
            <code class="ss-filter-where" data-testid="filter-error-range">
              {text.slice(0, errorRange.start)}
              <mark class="ss-err">
                {text.slice(errorRange.start, errorRange.end) || ' ' /* an error at the end (missing value) marks a blank */}
              </mark>
              {text.slice(Math.max(errorRange.end, errorRange.start))}
            </code>
          )}
        </span>
      )}
      {progress && (
        <span class="ss-filter-progress" data-testid="filter-progress" role="status">
          <progress max={progress.total} value={progress.scanned} /> filtering…{' '}
          {Math.floor((progress.scanned / Math.max(progress.total, 1)) * 100)}%
        </span>
      )}
    </>
  );
}

function HelpPopover({ onPick, onClose }: { onPick: (q: string) => void; onClose: () => void }) {
  return (
    <div
      class="ss-popover ss-help"
      role="dialog"
      aria-label="Filter language"
      data-testid="filter-help"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <p class="ss-muted">
        Terms side by side must all match; OR between them means either; -term excludes; ( ) groups. Click an example to use it.
      </p>
      <table class="ss-kv">
        <tbody>
          {FILTER_HELP.map((h) => (
            <tr key={h.syntax}>
              <th>
                <code>{h.syntax}</code>
              </th>
              <td>
                {h.summary}
                {h.examples.map((ex) => (
                  <div key={ex.query}>
                    <button type="button" class="ss-link-button" data-testid="help-example" onClick={() => onPick(ex.query)}>
                      {ex.query}
                    </button>{' '}
                    <span class="ss-muted">{ex.meaning}</span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SavedPopover({ onPick, current }: { onPick: (q: string) => void; current: string }) {
  const { store } = usePanel();
  const saved = store.savedFilters;
  const [name, setName] = useState('');
  const save = (e: Event) => {
    e.preventDefault();
    if (name.trim() === '' || current.trim() === '') return;
    void saved.save(name, current);
    setName('');
  };
  return (
    <div class="ss-popover ss-saved" role="dialog" aria-label="Saved filters" data-testid="saved-filters">
      {saved.error.value && (
        <p class="ss-filter-msg" role="alert" data-testid="saved-error">
          {saved.error.value}
        </p>
      )}
      <form onSubmit={save}>
        <input
          data-testid="saved-name"
          placeholder="Name"
          aria-label="Name for the current filter"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          maxLength={100}
        />{' '}
        <button type="submit" class="ss-tool" data-testid="saved-save" disabled={current.trim() === ''}>
          Save current
        </button>
      </form>
      {saved.list.value.length === 0 ? (
        <p class="ss-muted">No saved filters yet.</p>
      ) : (
        <ul class="ss-saved-list">
          {saved.list.value.map((f) => (
            <li key={f.name}>
              <button type="button" class="ss-link-button" data-testid="saved-apply" title={f.query} onClick={() => onPick(f.query)}>
                {f.name}
              </button>{' '}
              <code class="ss-muted">{f.query}</code>{' '}
              <button
                type="button"
                class="ss-tool"
                aria-label={`Delete ${f.name}`}
                data-testid="saved-delete"
                onClick={() => void saved.remove(f.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Help, saved filters and the heartbeat toggle; `setFilter` fills the box and applies at once. */
export function FilterTools({ setFilter, draft }: { setFilter: (q: string) => void; draft: string }) {
  const { store } = usePanel();
  const [open, setOpen] = useState<'help' | 'saved' | null>(null);
  const toggle = (which: 'help' | 'saved') => setOpen(open === which ? null : which);
  const pick = (q: string) => {
    setFilter(q);
    setOpen(null);
  };
  return (
    <span class="ss-filter-tools">
      <button
        type="button"
        class="ss-tool"
        data-testid="filter-help-button"
        aria-expanded={open === 'help'}
        title="Filter language help"
        onClick={() => toggle('help')}
      >
        ?
      </button>
      {store.savedFilters.available && (
        <button
          type="button"
          class="ss-tool"
          data-testid="saved-button"
          aria-expanded={open === 'saved'}
          title="Saved filters"
          onClick={() => toggle('saved')}
        >
          ★ Saved
        </button>
      )}
      <label class="ss-check" title="Hide protocol heartbeats (Socket.IO ping/pong, MQTT PINGREQ, STOMP EOL…)">
        <input
          type="checkbox"
          data-testid="hide-heartbeats"
          checked={store.hideHeartbeats.value}
          onChange={(e) => (store.hideHeartbeats.value = e.currentTarget.checked)}
        />
        Hide heartbeats
      </label>
      {open === 'help' && <HelpPopover onPick={pick} onClose={() => setOpen(null)} />}
      {open === 'saved' && <SavedPopover onPick={pick} current={draft} />}
    </span>
  );
}
