import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportHarText, exportNdjson } from '../../../src/export';
import { importFile } from '../../../src/import';
import { sampleCapture } from '../export/sample';

const enc = new TextEncoder();

describe('importFile picks the importer from the bytes', () => {
  const { connections, messages } = sampleCapture();
  it('pcapng, pcap, HAR and NDJSON', async () => {
    const pcapng = new Uint8Array(readFileSync(new URL('../../fixtures/pcap/ethernet.pcapng', import.meta.url)));
    const pcap = new Uint8Array(readFileSync(new URL('../../fixtures/pcap/linux-sll.pcap', import.meta.url)));
    const formats = [];
    for (const bytes of [pcapng, pcap, enc.encode(exportHarText(connections, messages)), enc.encode(exportNdjson(connections, messages))]) {
      const r = await importFile(bytes);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.readOnly).toBe(true);
      expect(r.value.messages.length).toBeGreaterThan(0);
      formats.push(r.value.format);
    }
    expect(formats).toEqual(['pcapng', 'pcap', 'har', 'ndjson']);
  });

  it('anything else is an error value with a place', async () => {
    const r = await importFile(enc.encode('GIF89a…'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.place).toBe('line 1');
  });
});
