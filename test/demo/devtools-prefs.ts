/**
 * DevTools preferences for the demo profile (Chromium 156 stores them in
 * `Default/Preferences` → `devtools.preferences`, values as JSON strings):
 * - `currentDockState` "bottom": DevTools docked at the bottom (checked
 *   headless over CDP: the setting reads "bottom");
 * - `panel-tab-order`: the panel's tab right after Network instead of last, in
 *   the » overflow (DevTools inserts a late panel before the first tab whose
 *   stored order is higher: ViewManager `TabbedLocation.appendView`);
 * - `panel-selected-tab` is written but does not select the panel: DevTools
 *   restores it only for panels known when it starts, and extension panels
 *   are added later (checked: Elements stays selected). Selecting it needs the
 *   DevTools front-end (as test/e2e/devtools.e2e.ts does over CDP).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The id Chromium gives an unpacked extension: SHA-256 of its absolute path, first 32 hex digits as a–p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** DevTools' id for an extension panel: origin + title. */
export const panelTabId = (extensionId: string): string => `chrome-extension://${extensionId}WebSockets`;

/** Built-in panels in DevTools' own order (steps of 10), ours right after Network. */
const TAB_ORDER = [
  'elements',
  'console',
  'sources',
  'network',
  'timeline',
  'heap-profiler',
  'resources',
  'security',
  'lighthouse',
  'chrome-recorder',
];

export function writeDevToolsPreferences(profile: string, extensionId: string): void {
  const order: Record<string, number> = Object.fromEntries(TAB_ORDER.map((id, i) => [id, (i + 1) * 10]));
  order[panelTabId(extensionId)] = 45;
  const preferences = {
    currentDockState: JSON.stringify('bottom'),
    'panel-tab-order': JSON.stringify(order),
    'panel-selected-tab': JSON.stringify(panelTabId(extensionId)),
  };
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default/Preferences'), JSON.stringify({ devtools: { preferences } }));
}
