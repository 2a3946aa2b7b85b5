import { usePanel } from '../capture/context';
import { useCompose } from './context';

/** The connection compose/replay send to; defaults to the selected message's or connection's. */
export function useTarget(): string | null {
  const { store } = usePanel();
  const c = useCompose();
  const explicit = c?.target.value ?? null;
  const conns = store.connections.value;
  if (explicit && conns.has(explicit)) return explicit;
  const fromSel = store.selectedRecord.value?.conn ?? store.selectedConn.value;
  if (fromSel && conns.has(fromSel)) return fromSel;
  const open = [...conns.values()].filter((x) => x.state === 'open');
  return open[open.length - 1]?.id ?? null;
}

export function TargetSelect() {
  const { store } = usePanel();
  const c = useCompose();
  const target = useTarget();
  const conns = [...store.connections.value.values()];
  return (
    <label class="ss-field">
      Connection
      <select data-testid="compose-target" value={target ?? ''} onChange={(e) => c && (c.target.value = e.currentTarget.value || null)}>
        {conns.length === 0 && <option value="">(no connection)</option>}
        {conns.map((x, i) => (
          <option key={x.id} value={x.id}>
            #{i + 1} {x.url} ({x.state})
          </option>
        ))}
      </select>
    </label>
  );
}
