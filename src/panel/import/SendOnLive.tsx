/** The detail pane's message actions in an imported session (see send-live.ts). */
import type { MessageRecord } from '../../model/records';
import { usePanel } from '../capture/context';
import type { ComposeController } from '../compose/state';
import { useImports } from './context';
import { sendOnLive } from './send-live';

export function SendOnLive({ rec, compose }: { rec: MessageRecord; compose: ComposeController }) {
  const { store } = usePanel();
  const imports = useImports();
  if (!imports) return null;
  return (
    <span class="ss-msg-actions">
      <button
        type="button"
        class="ss-tool"
        data-testid="msg-send-live"
        title="Imported messages have no live socket: open Compose on the Live tab with this payload, aimed at a socket of the inspected page"
        onClick={() => sendOnLive(compose, imports, store, rec)}
      >
        ↗ Send on a live socket…
      </button>
      <span class="ss-muted" data-testid="msg-imported-note">
        imported: Resend and Inject need a live socket
      </span>
    </span>
  );
}
