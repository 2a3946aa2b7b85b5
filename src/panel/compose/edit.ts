/**
 * "Edit & resend" (detail pane button and row menu): the compose drawer opens
 * on the message's connection with the message in the editor, or, for a
 * Socket.IO event, the emit form with its event, arguments and namespace and
 * a fresh ack id (resending the old id would answer the page's own callback).
 */
import type { MessageRecord } from '../../model/records';
import { editorContent } from './payload-input';
import { socketIoEmitDraft } from './socketio';
import type { ComposeController } from './state';

export function editAndResend(c: ComposeController, rec: MessageRecord, protocol: string | undefined): void {
  const sio = protocol === 'socketio' && rec.opcode === 1 ? socketIoEmitDraft(rec.data) : null;
  c.draft.value = { ...editorContent(rec), origin: 'edited', n: (c.draft.value?.n ?? 0) + 1, ...(sio ? { sio } : {}) };
  c.target.value = rec.conn;
  c.section.value = 'compose';
  c.open.value = true;
}
