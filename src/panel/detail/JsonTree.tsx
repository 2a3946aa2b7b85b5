import { useState } from 'preact/hooks';

const PAGE = 200;
const OPEN_DEPTH = 2;

function summary(value: object): string {
  return Array.isArray(value) ? `Array(${value.length})` : `{${Object.keys(value).length}}`;
}

function Scalar({ value }: { value: unknown }) {
  const kind = value === null ? 'null' : typeof value;
  return <span class={`ss-json-${kind}`}>{kind === 'string' ? JSON.stringify(value) : String(value)}</span>;
}

/** Collapsible JSON tree; values are text nodes only. Children are paged for huge containers. */
export function JsonNode({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const isContainer = typeof value === 'object' && value !== null;
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [shown, setShown] = useState(PAGE);
  const label = name !== null && <span class="ss-json-key">{name}: </span>;
  if (!isContainer) {
    return (
      <li role="treeitem">
        {label}
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return (
    <li role="treeitem" aria-expanded={open}>
      <button type="button" class="ss-json-toggle" onClick={() => setOpen(!open)} aria-label={open ? 'collapse' : 'expand'}>
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span class="ss-muted">{summary(value)}</span>
      {open && (
        <ul role="group" class="ss-json-group">
          {entries.slice(0, shown).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} />
          ))}
          {entries.length > shown && (
            <li>
              <button type="button" class="ss-link-button" onClick={() => setShown(shown + PAGE)}>
                show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  return (
    <ul role="tree" class="ss-json" aria-label="JSON">
      <JsonNode name={null} value={value} depth={0} />
    </ul>
  );
}
