/**
 * "Record stacks" (the tab's `recordStacks` option) reaches the page hooks
 * as a `setStacks` command: to every relay of the tab when the option
 * changes, and to each relay when it connects (a page learns the setting only
 * then: relays connect lazily, after the first socket's first batch). Both
 * run on the tab's chain, after any earlier option change, so a relay never
 * keeps a stale value.
 */
import type { CommandRouter, RelayLink } from './command-router';
import type { TabEntries } from './tab-entries';

export function createStackSetting(tabs: TabEntries, router: CommandRouter) {
  const tell = (link: RelayLink, on: boolean): void => void router.toRelay(link, { op: 'setStacks', on });
  return {
    /** A relay connected: it hears the setting if it is on (off is every hook's default). */
    relayConnected(tabId: number, link: RelayLink): void {
      void tabs.withTab(tabId, (store, e) => {
        if (store.options.recordStacks === true && e.relays.get(link.frameId) === link) tell(link, true);
      });
    },
    /** The option was set (capture.setOptions stored it): every relay of the tab hears the new value. */
    changed(tabId: number): Promise<void> {
      return tabs.withTab(tabId, (store, e) => {
        for (const link of e.relays.values()) tell(link, store.options.recordStacks === true);
      });
    },
  };
}
