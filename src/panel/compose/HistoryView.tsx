/** What was sent or injected to this origin, and saved snippets; a click loads one into the compose form. */
import { useEffect } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { useCompose } from './context';
import type { MemoryEntry } from './memory';
import { useTarget } from './TargetSelect';
import { payloadDraft } from './payload-input';

function Entry({ e, onDelete }: { e: MemoryEntry; onDelete?: () => void }) {
  const c = useCompose();
  const d = payloadDraft(e.payload);
  return (
    <li class="ss-compose-row" data-testid={e.kind === 'snippet' ? 'snippet-item' : 'history-item'}>
      <span class="ss-badge">{e.kind === 'snippet' ? (e.name ?? 'snippet') : e.kind}</span>
      <span class="ss-mono ss-grow ss-ellipsis">{d.text.slice(0, 200)}</span>
      <button
        type="button"
        class="ss-tool"
        onClick={() => {
          if (!c) return;
          c.draft.value = { ...d, origin: 'composed', n: (c.draft.value?.n ?? 0) + 1 };
          c.section.value = 'compose';
        }}
      >
        Load
      </button>
      {onDelete && (
        <button type="button" class="ss-tool" aria-label="Delete snippet" onClick={onDelete}>
          ✕
        </button>
      )}
    </li>
  );
}

export function HistoryView() {
  const { store } = usePanel();
  const c = useCompose();
  const target = useTarget();
  const url = target ? (store.connections.value.get(target)?.url ?? '') : '';
  useEffect(() => {
    if (c && url) void c.memory.load(url);
  }, [url]);
  if (!c) return null;
  return (
    <div class="ss-history">
      <p class="ss-muted">For {c.memory.origin.value || 'the selected connection'}:</p>
      <strong>Snippets</strong>
      <ul>
        {c.memory.snippets.value.map((e, i) => (
          <Entry key={`s${i}`} e={e} onDelete={() => c.memory.deleteSnippet(url, i)} />
        ))}
      </ul>
      <strong>Sent and injected</strong>
      <ul>
        {c.memory.history.value.map((e, i) => (
          <Entry key={`h${i}`} e={e} />
        ))}
      </ul>
    </div>
  );
}
