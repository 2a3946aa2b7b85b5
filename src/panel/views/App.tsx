import { PanelContext } from '../context';
import type { PanelContextValue } from '../context';
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
      <StatusBar />
    </>
  );
}

/** The whole panel. `data-theme` drives the CSS custom properties in panel.css. */
export function App({ value }: { value: PanelContextValue }) {
  return (
    <PanelContext.Provider value={value}>
      <div class="ss-panel" data-theme={value.store.theme.value}>
        <Layout />
      </div>
    </PanelContext.Provider>
  );
}
