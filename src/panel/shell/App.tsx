import { PanelContext, usePanel } from '../capture/context';
import type { PanelContextValue } from '../capture/context';
import { ComposeContext } from '../compose/context';
import { ComposeDrawer } from '../compose/ComposeDrawer';
import type { ComposeController } from '../compose/state';
import { ImportContext } from '../import/context';
import type { ImportController } from '../import/state';
import { ConnectionList } from '../connections/ConnectionList';
import { DetailPane } from '../detail/DetailPane';
import { DecodeBytesOverlay } from '../frame/DecodeBytes';
import { LinkBanner } from '../table/EmptyState';
import { KeysOverlay } from './KeysOverlay';
import { MessageTable } from '../table/MessageTable';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { ContextMenu } from '../ui/ContextMenu';
import { NoticeHost } from '../ui/Notice';

/** The open context menu, outside the table (Enter in it must not be the table's Enter). */
function MenuHost() {
  const { store } = usePanel();
  const menu = store.menu.value;
  if (!menu) return null;
  return (
    <ContextMenu
      menu={menu}
      onClose={() => {
        if (store.menu.peek() === menu) store.menu.value = null;
      }}
    />
  );
}

/**
 * Connections | messages | detail. The Data column comes first: the detail
 * pane takes no width until a message is opened (or the user toggles it), and
 * the connections list can be hidden. panel.css places the panes by area, side
 * by side when wide and stacked when narrow, as DevTools does.
 */
function Layout() {
  const { store } = usePanel();
  const detail = store.detailOpen.value;
  const conns = store.showConnections.value;
  return (
    <>
      <Toolbar />
      <LinkBanner />
      <div class={`ss-main ${detail ? 'ss-detail-open' : ''} ${conns ? '' : 'ss-no-conns'}`} data-testid="panes">
        {conns && <ConnectionList />}
        <MessageTable />
        {detail && <DetailPane />}
        <DecodeBytesOverlay />
      </div>
      <ComposeDrawer />
      <StatusBar />
      <KeysOverlay />
      <MenuHost />
      <NoticeHost notice={store.notice} />
    </>
  );
}

/** The whole panel. `data-theme` drives the CSS custom properties in panel.css. */
export function App({
  value,
  compose = null,
  imports = null,
}: {
  value: PanelContextValue;
  compose?: ComposeController | null;
  imports?: ImportController | null;
}) {
  return (
    <PanelContext.Provider value={value}>
      <ComposeContext.Provider value={compose}>
        <ImportContext.Provider value={imports}>
          <div class="ss-panel" data-theme={value.store.theme.value}>
            <Layout />
          </div>
        </ImportContext.Provider>
      </ComposeContext.Provider>
    </PanelContext.Provider>
  );
}
