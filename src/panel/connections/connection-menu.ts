/** The connection row's context menu: copy its URL or handshake, show only its messages. */
import type { ConnectionRecord } from '../../model/records';
import { copyText } from '../detail/clipboard';
import { handshakeText } from '../detail/copy-as';
import type { MenuEntry } from '../ui/ContextMenu';
import type { MenuTargets, Point } from '../table/message-menu';

export function connectionMenuItems(t: MenuTargets, conn: ConnectionRecord): MenuEntry[] {
  const copy = t.copy ?? copyText;
  const headers = handshakeText(conn);
  return [
    { label: 'Copy URL', testId: 'menu-copy-url', run: () => void copy(conn.url) },
    {
      label: 'Copy handshake headers',
      testId: 'menu-copy-handshake',
      disabled: headers === null,
      ...(headers === null ? { title: 'The browser reported no handshake headers for this socket' } : {}),
      run: () => headers !== null && void copy(headers),
    },
    'separator',
    { label: 'Show only this connection', testId: 'menu-only-conn', run: () => t.actions.selectConnection(conn.id) },
  ];
}

export function openConnectionMenu(t: MenuTargets, conn: ConnectionRecord, at: Point): void {
  t.store.menu.value = { ...at, label: 'Connection', items: connectionMenuItems(t, conn), target: `conn:${conn.id}` };
}
