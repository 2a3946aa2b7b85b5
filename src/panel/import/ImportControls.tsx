/**
 * Toolbar: "Import…" (a file input), the session switcher ("Live tab" and
 * each imported file), the import's progress with Cancel, and its error with
 * the place the importer named. File contents never render as HTML.
 */
import { useRef } from 'preact/hooks';
import { useImports } from './context';
import './import.css';

const ACCEPT = '.har,.json,.ndjson,.pcap,.pcapng';

export function ImportControls() {
  const imports = useImports();
  const input = useRef<HTMLInputElement>(null);
  if (!imports) return null;
  const files = imports.files.value;
  const progress = imports.progress.value;
  const error = imports.error.value;
  const onFile = async (el: HTMLInputElement) => {
    const file = el.files?.[0];
    el.value = ''; // the same file may be opened again
    if (!file) return;
    await imports.open(file.name, new Uint8Array(await file.arrayBuffer()));
  };
  return (
    <span class="ss-import">
      <button
        type="button"
        class="ss-tool"
        data-testid="import-button"
        title="Open a HAR, NDJSON, pcap or pcapng file as a read-only session"
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input ref={input} type="file" hidden accept={ACCEPT} data-testid="import-file" onChange={(e) => void onFile(e.currentTarget)} />
      {files.length > 0 && (
        <select
          class="ss-session"
          data-testid="session-select"
          aria-label="Session"
          value={String(imports.active.value ?? 'live')}
          onChange={(e) => imports.select(e.currentTarget.value === 'live' ? null : Number(e.currentTarget.value))}
        >
          <option value="live">Live tab</option>
          {files.map((f) => (
            <option key={f.id} value={String(f.id)}>
              {f.name}
            </option>
          ))}
        </select>
      )}
      {progress && (
        <span class="ss-import-progress" role="status" data-testid="import-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.bytesRead} /> {progress.name}{' '}
          <button type="button" class="ss-tool" data-testid="import-cancel" onClick={() => imports.cancel()}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <span class="ss-filter-msg" role="alert" data-testid="import-error">
          {error}{' '}
          <button type="button" class="ss-tool" aria-label="Dismiss" onClick={() => (imports.error.value = null)}>
            ×
          </button>
        </span>
      )}
    </span>
  );
}
