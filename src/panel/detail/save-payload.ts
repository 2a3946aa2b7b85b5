/** Saves one message's payload through the panel's save path (export/save.ts) and says so in a notice. */
import type { MessageRecord } from '../../model/records';
import type { PanelStore } from '../capture/store';
import { saveFile } from '../export/save';
import { notify } from '../ui/notice';
import { payloadFile } from './payload-file';

export type SaveSeam = (name: string, data: string | Uint8Array, mime: string) => void;

export function savePayload(store: PanelStore, rec: MessageRecord, save?: SaveSeam): void {
  const file = payloadFile(rec, store.connections.peek().get(rec.conn));
  if (!file.ok) return notify(store.notice, 'error', `Could not save: ${file.error}`);
  try {
    if (save) save(file.name, file.data, file.mime);
    else saveFile(document, file.data, file.name, file.mime);
    notify(store.notice, 'ok', `Saved ${file.name}`);
  } catch (e) {
    notify(store.notice, 'error', `Could not save: ${e instanceof Error ? e.message : String(e)}`);
  }
}
