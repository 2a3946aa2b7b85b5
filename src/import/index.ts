/**
 * Sockscope import: open a shared or recorded capture as a read-only
 * session (`ImportedSession`). HAR (Chrome, Sockscope, others), NDJSON
 * (Sockscope's), pcap and pcapng (tcpdump, tshark, Wireshark). Never
 * throws: `{ ok: false, error }` names the place (JSON path, line, packet
 * and byte). Pure: no browser or extension imports.
 */
export { importHar } from './har';
export { importNdjson } from './ndjson';
export { importCapture, importCaptureSync, MAX_CONVERSATIONS, type ByteSource, type CaptureImportOptions } from './capture';
export { MAX_BLOCK_BYTES } from './capture-reader';
export { MAX_HEAD_BYTES } from './http-head';
export { MAX_PENDING_BYTES } from './tcp-reassembly';
export { SUPPORTED_LINK_TYPES } from './packet';
export type { CapturedWire, ControlFrame, ImportedSession, ImportError, ImportErrorCode, ImportResult, StreamReport } from './types';

import { importHar } from './har';
import { importNdjson } from './ndjson';
import { importCapture, type CaptureImportOptions } from './capture';
import type { ImportedSession, ImportResult } from './types';

/** Pick the importer from the first bytes: pcap/pcapng magic, `{` + `"log"` for HAR, else NDJSON. */
export async function importFile(bytes: Uint8Array, options: CaptureImportOptions = {}): Promise<ImportResult<ImportedSession>> {
  const b0 = bytes[0];
  const magic = bytes.length >= 4 ? ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0 : 0;
  if ([0x0a0d0d0a, 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic)) return importCapture(bytes, options);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const start = text.trimStart();
  if (b0 !== undefined && start.startsWith('{') && /^\{\s*"log"/.test(start)) return importHar(text);
  return importNdjson(text);
}
