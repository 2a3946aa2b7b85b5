/** Resend / Edit & resend / Inject for the selected message (detail pane). */
import type { MessageRecord } from '../../model/records';
import { useCompose } from './context';
import { useReadOnly } from '../import/context';
import { SendOnLive } from '../import/SendOnLive';
import { payloadOf } from './payload-input';
import { editAndResend } from './edit';
import { usePanel } from '../capture/context';

export function MessageActions({ rec }: { rec: MessageRecord }) {
  const c = useCompose();
  const imported = useReadOnly();
  const { store } = usePanel();
  if (!c) return null;
  if (imported !== null) return <SendOnLive rec={rec} compose={c} />; // a file's message: no live socket behind it
  const p = payloadOf(rec);
  const edit = () => editAndResend(c, rec, store.decode.decoded(rec)?.protocol);
  return (
    <span class="ss-msg-actions">
      <button
        type="button"
        class="ss-tool"
        data-testid="msg-resend"
        disabled={!p.ok}
        title={p.ok ? 'Send this payload again on its socket' : p.error}
        onClick={() => p.ok && void c.send(rec.conn, p.payload, 'resent')}
      >
        ↻ Resend
      </button>
      <button type="button" class="ss-tool" data-testid="msg-edit" onClick={edit}>
        ✎ Edit &amp; resend
      </button>
      <button
        type="button"
        class="ss-tool"
        data-testid="msg-inject"
        disabled={!p.ok}
        title="Deliver this payload to the page as if the server sent it"
        onClick={() => p.ok && void c.inject(rec.conn, p.payload)}
      >
        ↓ Inject
      </button>
    </span>
  );
}
