import { useEffect, useRef } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { formatCount } from '../capture/format';
import { ConnectionRow } from './ConnectionRow';
import { openConnectionMenu } from './connection-menu';

/** Left column: "All connections" then one row per socket, oldest first. */
export function ConnectionList() {
  const { store, actions } = usePanel();
  const conns = [...store.connections.value.values()];
  const selected = store.selectedConn.value;
  const menuTarget = store.menu.value?.target;
  const list = useRef<HTMLUListElement>(null);
  // The side dock shows a short strip of connections: keep the selected one in view.
  useEffect(() => {
    const row = list.current?.querySelector('.ss-selected');
    if (row instanceof HTMLElement) row.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const ids: (string | null)[] = [null, ...conns.map((c) => c.id)];
    const i = ids.indexOf(selected) + (e.key === 'ArrowDown' ? 1 : -1);
    if (i >= 0 && i < ids.length) actions.selectConnection(ids[i] ?? null);
  };
  return (
    <div class="ss-conns">
      <ul ref={list} class="ss-conn-list" role="listbox" aria-label="Connections" tabIndex={0} onKeyDown={onKeyDown}>
        <li
          role="option"
          aria-selected={selected === null}
          class={`ss-conn ss-conn-all ${selected === null ? 'ss-selected' : ''}`}
          data-testid="connection-all"
          onClick={() => actions.selectConnection(null)}
        >
          All connections <span class="ss-muted">({formatCount(conns.length)})</span>
        </li>
        {conns.map((c) => (
          <li
            key={c.id}
            role="option"
            aria-selected={selected === c.id}
            class={`ss-conn ${selected === c.id ? 'ss-selected' : ''} ${menuTarget === `conn:${c.id}` ? 'ss-menu-target' : ''}`}
            data-testid="connection-row"
            data-conn-id={c.id}
            onClick={() => actions.selectConnection(c.id)}
            onContextMenu={(e) => {
              e.preventDefault();
              openConnectionMenu({ store, actions }, c, { x: e.clientX, y: e.clientY });
            }}
          >
            <ConnectionRow conn={c} />
          </li>
        ))}
      </ul>
    </div>
  );
}
