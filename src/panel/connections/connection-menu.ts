/** The connection row's context menu: copy its URL, handshake or code that opens it; filter by it; show only its messages. */
import type { ConnectionRecord } from '../../model/records';
import { handshakeText } from '../detail/copy-as';
import { connectionTerm, withTerm } from '../filter/filter-terms';
import type { MenuEntry } from '../ui/ContextMenu';
import { codeItems, copyCommand } from '../table/message-menu';
import type { MenuTargets, Point } from '../table/message-menu';

export function connectionMenuItems(t: MenuTargets, conn: ConnectionRecord): MenuEntry[] {
  const headers = handshakeText(conn);
  return [
    copyCommand(t, 'Copy URL', 'menu-copy-url', 'the URL', () => conn.url),
    copyCommand(
      t,
      'Copy handshake headers',
      'menu-copy-handshake',
      'the handshake headers',
      () => headers,
      headers === null ? 'The browser reported no handshake headers for this socket' : undefined,
    ),
    ...codeItems(t, conn.id),
    'separator',
    {
      label: 'Filter by this connection',
      testId: 'menu-filter-conn',
      title: 'Add conn:="…" to the filter (the other connections stay listed)',
      run: () => t.actions.setFilterText(withTerm(t.store.filterText.peek(), connectionTerm(conn.id))),
    },
    { label: 'Show only this connection', testId: 'menu-only-conn', run: () => t.actions.selectConnection(conn.id) },
  ];
}

export function openConnectionMenu(t: MenuTargets, conn: ConnectionRecord, at: Point): void {
  t.store.menu.value = { ...at, label: 'Connection', items: connectionMenuItems(t, conn), target: `conn:${conn.id}` };
}
