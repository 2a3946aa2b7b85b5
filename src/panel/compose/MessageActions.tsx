/** Resend / Edit & resend / Inject for the selected message (detail pane). */
import type { MessageRecord } from '../../model/records';
import { useCompose } from './context';
import { useReadOnly } from '../import/context';
import { SendOnLive } from '../import/SendOnLive';
import { editorContent, payloadOf } from './payload-input';

export function MessageActions({ rec }: { rec: MessageRecord }) {
  const c = useCompose();
  const imported = useReadOnly();
  if (!c) return null;
  if (imported !== null) return <SendOnLive rec={rec} compose={c} />; // a file's message: no live socket behind it
  const p = payloadOf(rec);
  const edit = () => {
    c.draft.value = { ...editorContent(rec), origin: 'edited', n: (c.draft.value?.n ?? 0) + 1 };
    c.target.value = rec.conn;
    c.section.value = 'compose';
    c.open.value = true;
  };
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
