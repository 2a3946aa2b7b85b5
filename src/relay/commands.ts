/**
 * The relay's half of the command path: JSON-safe commands from the
 * background become hook commands (base64 → ArrayBuffer, transferred to the
 * page so the hook does no decoding), and hold notices from the hook become
 * JSON-safe (bytes → base64). Pure apart from reading Blobs.
 */
import { base64ToBytes, bytesToBase64 } from '../model/base64';
import type { CommandError, HoldNotice, HookCommand, HookInterceptRule, HookPayload, PageCommand, WirePayload } from '../messaging/protocol';

export type HookConversion = { ok: true; command: HookCommand; transfer: Transferable[] } | { ok: false; error: CommandError };

function toHookPayload(p: WirePayload, transfer: Transferable[]): HookPayload {
  if (p.opcode === 1) return { opcode: 1, text: p.text };
  const bytes = base64ToBytes(p.base64);
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  transfer.push(buffer);
  return { opcode: 2, bytes: buffer };
}

/** `command` was validated by the background (validateCommand). */
export function toHookCommand(command: PageCommand): HookConversion {
  const transfer: Transferable[] = [];
  try {
    switch (command.op) {
      case 'send':
        return { ok: true, command: { ...command, payload: toHookPayload(command.payload, transfer) }, transfer };
      case 'inject':
        return { ok: true, command: { ...command, payload: toHookPayload(command.payload, transfer) }, transfer };
      case 'decide': {
        const { payload, ...rest } = command;
        return { ok: true, command: payload ? { ...rest, payload: toHookPayload(payload, transfer) } : rest, transfer };
      }
      case 'setIntercept': {
        const rules: HookInterceptRule[] = command.rules.map(({ reply, ...r }) => (reply ? { ...r, reply: { as: reply.as, payload: toHookPayload(reply.payload, transfer) } } : r));
        return { ok: true, command: { ...command, rules }, transfer };
      }
      default:
        return { ok: true, command, transfer };
    }
  } catch (e) {
    return { ok: false, error: { code: 'BAD_COMMAND', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** A hold notice with the page's bytes → JSON-safe (base64). */
export async function toWireNotice(notice: HoldNotice<unknown>): Promise<HoldNotice> {
  if (notice.type !== 'held') return notice;
  const { bytes, ...rest } = notice.held;
  if (bytes === undefined) return { type: 'held', held: rest };
  const isBuffer = Object.prototype.toString.call(bytes) === '[object ArrayBuffer]'; // page realm: not instanceof
  const buffer = isBuffer ? (bytes as ArrayBuffer) : await (bytes as Blob).arrayBuffer();
  return { type: 'held', held: { ...rest, bytes: bytesToBase64(new Uint8Array(buffer)) } };
}
