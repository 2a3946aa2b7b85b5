import { PanelContext } from '../context';
import type { PanelContextValue } from '../context';
import { ComposeContext } from '../compose/context';
import { ComposeDrawer } from '../compose/ComposeDrawer';
import type { ComposeController } from '../compose/state';
import { ConnectionList } from './ConnectionList';
import { DetailPane } from './DetailPane';
import { DecodeBytesOverlay } from '../frame/DecodeBytes';
import { LinkBanner } from './EmptyState';
import { MessageTable } from './MessageTable';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';

function Layout() {
  return (
    <>
      <Toolbar />
      <LinkBanner />
      <div class="ss-main">
        <ConnectionList />
        <MessageTable />
        <DetailPane />
        <DecodeBytesOverlay />
      </div>
      <ComposeDrawer />
      <StatusBar />
    </>
  );
}

/** The whole panel. `data-theme` drives the CSS custom properties in panel.css. */
export function App({ value, compose = null }: { value: PanelContextValue; compose?: ComposeController | null }) {
  return (
    <PanelContext.Provider value={value}>
      <ComposeContext.Provider value={compose}>
        <div class="ss-panel" data-theme={value.store.theme.value}>
          <Layout />
        </div>
      </ComposeContext.Provider>
    </PanelContext.Provider>
  );
}
