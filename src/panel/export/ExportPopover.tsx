/**
 * Toolbar "Export": a popover choosing the format, the scope and redaction
 * (on by default, with a live count of what it replaces; off only through an
 * explicit checkbox with a warning). Save writes a file (save.ts); "Copy
 * shown rows as NDJSON" copies the filtered rows. Esc closes it like the
 * filter help: the open button says aria-expanded="true" (keys-install.ts).
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { copyText } from '../detail/clipboard';
import { usePanel } from '../capture/context';
import { buildExport, collectScope, describeRedaction, exportFileName, FORMATS, previewOf } from './build';
import type { ExportFormat, ExportScope } from './build';
import { parseExtraRules, redactOptions } from './extra-rules';
import { saveFile } from './save';
import { useKeepInside } from '../ui/keep-inside';
import '../ui/ui.css';
import './export.css';

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

const SCOPES: readonly { id: ExportScope; label: string }[] = [
  { id: 'all', label: 'Everything' },
  { id: 'connection', label: 'The selected connection' },
  { id: 'shown', label: 'The rows shown by the filter' },
];

function Popover({ onClose }: { onClose: () => void }) {
  const { store } = usePanel();
  const [format, setFormat] = useState<ExportFormat>('har');
  const [scope, setScope] = useState<ExportScope>('all');
  const [unredacted, setUnredacted] = useState(false);
  const [status, setStatus] = useState('');
  const [extra, setExtra] = useState('');
  const rules = useMemo(() => parseExtraRules(extra), [extra]);
  const options = useMemo(() => redactOptions(!unredacted, rules), [unredacted, rules]);
  const box = useRef<HTMLDivElement>(null);
  useKeepInside(box);
  const selected = store.selectedConn.value;
  const filter = store.filterResult.value;
  // Counted when opened and when scope, selection or filter change, not per arriving batch: the
  // redaction preview reads every payload (seconds for 100k messages). Save collects afresh.
  const records = useMemo(() => collectScope(store, scope), [scope, selected, filter]);
  const preview = useMemo(() => (unredacted ? null : previewOf(records, options)), [records, options]);
  const save = async () => {
    const now = collectScope(store, scope);
    const built = await buildExport(format, now, options);
    saveFile(document, built.data, exportFileName(format, now.connections, new Date()), built.mime);
    setStatus(`Saved ${plural(now.messages.length, 'message')}${built.skipped ? ` (${built.skipped} never on the wire, left out)` : ''}.`);
  };
  const copy = async () => {
    const shown = collectScope(store, 'shown');
    const ok = await copyText((await buildExport('ndjson', shown, options)).data as string);
    setStatus(ok ? `Copied ${shown.messages.length} rows as NDJSON.` : 'Could not copy: the clipboard is not available here.');
  };
  return (
    <div
      ref={box}
      class="ss-popover ss-export"
      role="dialog"
      aria-label="Export"
      data-testid="export-popover"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <fieldset>
        <legend>Format</legend>
        {FORMATS.map((f) => (
          <label key={f.id} class="ss-check">
            <input
              type="radio"
              name="ss-export-format"
              value={f.id}
              data-testid={`export-format-${f.id}`}
              checked={format === f.id}
              onChange={() => setFormat(f.id)}
            />{' '}
            {f.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Messages</legend>
        {SCOPES.map((s) => (
          <label key={s.id} class="ss-check">
            <input
              type="radio"
              name="ss-export-scope"
              value={s.id}
              data-testid={`export-scope-${s.id}`}
              checked={scope === s.id}
              disabled={s.id === 'connection' && selected === null}
              onChange={() => setScope(s.id)}
            />{' '}
            {s.label}
          </label>
        ))}
        <p class="ss-muted" data-testid="export-count">
          {plural(records.messages.length, 'message')}, {plural(records.connections.length, 'connection')}
        </p>
      </fieldset>
      <p data-testid="export-redaction" class={unredacted ? 'ss-export-warn' : ''}>
        {preview
          ? describeRedaction(preview)
          : 'Redaction is off: cookies, tokens and keys are written as captured. Share this file only with people who may see them.'}
      </p>
      {!unredacted && (
        <label class="ss-field ss-export-extra">
          Also redact
          <input
            type="text"
            data-testid="export-extra"
            placeholder="names, /regex/ (e.g. userId, /acct-\d+/)"
            title="Extra header, URL parameter and JSON field names (exact, any case) and /regexes/ (the whole match, or its group 1), separated by commas or spaces"
            spellcheck={false}
            value={extra}
            aria-invalid={rules.ok ? undefined : true}
            onInput={(e) => setExtra(e.currentTarget.value)}
          />
        </label>
      )}
      {!unredacted && !rules.ok && (
        <p class="ss-error" role="alert" data-testid="export-extra-error">
          {rules.error} (not applied)
        </p>
      )}
      <label class="ss-check">
        <input
          type="checkbox"
          data-testid="export-unredacted"
          checked={unredacted}
          onChange={(e) => setUnredacted(e.currentTarget.checked)}
        />{' '}
        Include secrets (turn redaction off)
      </label>
      <div class="ss-export-actions">
        <button
          type="button"
          class="ss-button ss-button-primary"
          data-testid="export-save"
          disabled={records.messages.length === 0 && records.connections.length === 0}
          onClick={() => void save()}
        >
          Save
        </button>
        <button type="button" class="ss-button" data-testid="export-copy" onClick={() => void copy()}>
          Copy shown rows as NDJSON
        </button>
      </div>
      {status && (
        <p role="status" class="ss-muted" data-testid="export-status">
          {status}
        </p>
      )}
    </div>
  );
}

export function ExportButton() {
  const [open, setOpen] = useState(false);
  return (
    <span class="ss-export-tool">
      <button
        type="button"
        class="ss-tool"
        data-testid="export-button"
        aria-expanded={open}
        title="Export the capture (HAR, NDJSON, pcapng)"
        onClick={() => setOpen(!open)}
      >
        Export
      </button>
      {open && <Popover onClose={() => setOpen(false)} />}
    </span>
  );
}
