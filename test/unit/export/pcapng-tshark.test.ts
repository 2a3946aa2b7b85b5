/**
 * Wireshark's own dissector judges the pcapng export: tshark (Debian package
 * `tshark`, installed by .ci/setup) reads the file, and its `websocket`
 * fields must give the opcodes, masks, lengths (7/16/64-bit), payloads and
 * permessage-deflate flags of the captured messages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPcapng, SECTION_COMMENT } from '../../../src/export';
import { base64ToBytes } from '../../../src/model/base64';
import type { MessageRecord } from '../../../src/model/records';
import { sampleCapture } from './sample';

const hasTshark = spawnSync('tshark', ['--version']).status === 0;
if (!hasTshark) console.warn('pcapng-tshark: tshark not installed (apt-get install tshark); Wireshark checks skipped');

const FIELDS = [
  'frame.time_epoch',
  'tcp.stream',
  'websocket.opcode',
  'websocket.payload_length',
  'websocket.payload_length_ext_16',
  'websocket.payload_length_ext_64',
  'websocket.mask',
  'websocket.pmc',
  'websocket.payload.text',
  'data.data',
  'websocket.payload.close.status_code',
  'websocket.payload.close.reason',
  'frame.comment',
];

type Row = Record<string, string | undefined>;

function tshark(file: string, filter: string, fields: string[], extra: string[] = []): Row[] {
  const out = execFileSync('tshark', ['-r', file, ...extra, '-Y', filter, '-T', 'json', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const packets = JSON.parse(out) as { _source: { layers: Record<string, string[]> } }[];
  return packets.map((p) => Object.fromEntries(Object.entries(p._source.layers).map(([k, v]) => [k, v[0]])));
}

function hex(m: MessageRecord): string {
  return Buffer.from(base64ToBytes(m.data)).toString('hex');
}

function expected(m: MessageRecord, deflate: boolean): Row {
  const n = m.opcode === 1 ? Buffer.byteLength(m.data) : base64ToBytes(m.data).length;
  // tshark shows websocket.pmc (per-message compressed) only on a permessage-deflate connection.
  const row: Row = {
    'websocket.opcode': String(m.opcode),
    'websocket.mask': m.dir === 'out' ? '1' : '0',
    ...(deflate ? { 'websocket.pmc': '1' } : {}),
  };
  if (!deflate) {
    row['websocket.payload_length'] = String(n <= 125 ? n : n <= 0xffff ? 126 : 127);
    if (n > 125) row[n <= 0xffff ? 'websocket.payload_length_ext_16' : 'websocket.payload_length_ext_64'] = String(n);
  }
  if (m.opcode === 1) row['websocket.payload.text'] = m.data;
  else row['data.data'] = hex(m);
  return row;
}

describe.skipIf(!hasTshark)('pcapng export read by tshark', () => {
  const { connections, messages } = sampleCapture();
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-pcapng-'));

  it('gives every message back as a WebSocket frame with its opcode, mask, length and payload', async () => {
    const file = join(dir, 'sample.pcapng');
    const { bytes, skipped } = await exportPcapng(connections, messages, { redact: { enabled: false } });
    writeFileSync(file, bytes);
    expect(skipped).toEqual([{ id: 6, reason: 'injected: never on the wire' }]);
    const rows = tshark(file, 'websocket', FIELDS);
    const pick = (row: Row, keys: string[]): Row => Object.fromEntries(keys.filter((k) => row[k] !== undefined).map((k) => [k, row[k]]));
    for (const [stream, conn, deflate] of [
      ['0', 'h1:1', false],
      ['1', 'h1:2', true],
    ] as const) {
      const got = rows.filter((r) => r['tcp.stream'] === stream);
      const want = messages.filter((m) => m.conn === conn && m.origin !== 'injected').map((m) => expected(m, deflate));
      const data = got.filter((r) => r['websocket.opcode'] !== '8');
      expect(data.map((r, i) => pick(r, Object.keys(want[i] ?? {})))).toEqual(want);
      // Times from the capture, to the microsecond (pcapng's default resolution).
      const times = messages.filter((m) => m.conn === conn && m.origin !== 'injected').map((m) => m.t);
      data.forEach((r, i) => expect(Math.abs(Number(r['frame.time_epoch']) * 1000 - times[i]!)).toBeLessThan(0.001 + 1e-6));
      const closes = got
        .filter((r) => r['websocket.opcode'] === '8')
        .map((r) => [r['websocket.mask'], r['websocket.payload.close.status_code'], r['websocket.payload.close.reason']]);
      // h1:1: the page closed (client frame first, masked, with its reason); h1:2: the server closed.
      expect(closes).toEqual(
        conn === 'h1:1'
          ? [
              ['1', '4001', 'bye ✓'],
              ['0', '4001', undefined],
            ]
          : [
              ['0', '1001', 'going away'],
              ['1', '1001', undefined],
            ],
      );
    }
    // Every frame's first packet says it is a reconstruction.
    const comments = tshark(file, 'frame.comment', ['frame.comment']).map((r) => r['frame.comment'] ?? '');
    const ids = messages.filter((m) => m.origin !== 'injected').map((m) => m.id);
    for (const id of ids)
      expect(comments.some((c) => c.startsWith(`Sockscope message ${id}`) && c.includes('reconstructed by Sockscope'))).toBe(true);
    // The 64-bit length case really is one (70,000 bytes), and the truncated message carries what was stored.
    expect(rows.some((r) => r['websocket.payload_length_ext_64'] === '70000')).toBe(true);
    expect(rows.some((r) => r['websocket.payload_length_ext_16'] === '1000')).toBe(true);
  }, 60_000);

  it('carries the HTTP Upgrade, valid checksums and the reconstruction notice', async () => {
    const file = join(dir, 'http.pcapng');
    writeFileSync(file, (await exportPcapng(connections, messages)).bytes);
    const http = tshark(file, 'http.response', ['tcp.stream', 'http.response.code', 'http.upgrade']);
    expect(http.map((r) => [r['tcp.stream'], r['http.response.code']])).toEqual([
      ['0', '101'],
      ['1', '101'],
      ['2', '403'],
    ]);
    const bad = tshark(
      file,
      'tcp.checksum.status != 1 || ip.checksum.status != 1',
      ['frame.number'],
      ['-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'],
    );
    expect(bad).toEqual([]);
    const info = execFileSync('capinfos', [file], { encoding: 'utf8' });
    expect(info).toContain(SECTION_COMMENT.slice(0, 60));
    // Redacted by default, even inside the reconstructed handshake.
    expect(Buffer.from(readFileSync(file)).includes('abc123')).toBe(false);
  }, 60_000);
});
