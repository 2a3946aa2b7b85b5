/**
 * Sockscope export: share a capture. Every exporter takes the connections
 * and messages the caller chose (everything, the selected connections, the
 * filtered rows), redacts secrets unless told `redact: { enabled: false }`,
 * and returns data (text or bytes); saving a file is the caller's job.
 * Pure: no browser or extension imports.
 */
export { exportHar, exportHarText, type HarExportOptions } from './har';
export type { HarEntry, HarLog, HarWebSocketMessage } from './har-types';
export { exportNdjson, type NdjsonExportOptions, type NdjsonLine } from './ndjson';
export { exportPcapng, SECTION_COMMENT, type PcapngExport, type PcapngExportOptions } from './pcapng';
export { previewRedaction, redactRecords, type RedactionPreview } from './redact';
export { Redactor, type Redaction, type RedactionKind, type RedactOptions } from './redactor';
