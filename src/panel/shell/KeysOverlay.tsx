import { usePanel } from '../capture/context';
import { KEY_HELP } from './keys';

/** The `?` overlay: the panel's keys (keys.ts). Esc or the button closes it. */
export function KeysOverlay() {
  const { store, actions } = usePanel();
  if (!store.keysOpen.value) return null;
  return (
    <div class="ss-keys" role="dialog" aria-label="Keyboard shortcuts" data-testid="keys-overlay">
      <div class="ss-keys-head">
        <strong>Keyboard shortcuts</strong>
        <button type="button" class="ss-tool" data-testid="keys-close" title="Close (Esc)" onClick={() => actions.setKeysOpen(false)}>
          ✕
        </button>
      </div>
      <table class="ss-kv">
        <tbody>
          {KEY_HELP.map((k) => (
            <tr key={k.keys}>
              <th>
                <kbd>{k.keys}</kbd>
              </th>
              <td>{k.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
