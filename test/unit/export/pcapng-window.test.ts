/**
 * pcapng export within the agreed permessage-deflate windows (RFC 7692
 * 7.1.2): a peer that agreed `server_max_window_bits=9` inflates with a
 * 512-byte window, so a compressed message must never refer back further.
 * Judge: Node's zlib (the C library) inflating each exported frame with the
 * agreed window and the previous messages as its dictionary (context
 * takeover). tshark is not a judge here: 4.0 inflates with a 2^15 window
 * whatever was agreed (its websocket_extract_wbits parses the parameter's
 * name, not its value, and falls back to 15); it is asked only to read the
 * same file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exportPcapng } from '../../../src/export';
import { importCapture } from '../../../src/import';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { FrameDecoder, type Frame } from '../../../src/protocol';
import { sampleCapture } from './sample';

/** 1,500 pseudo-random letters: a second copy can only be found 1,500+ bytes back. */
function block(seed: number): string {
  let s = seed;
  return Array.from({ length: 1500 }, () => String.fromCharCode(97 + (((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % 26))).join('');
}

function payloadOf(wire: Uint8Array, out: boolean): Frame {
  let frame: Frame | null = null;
  new FrameDecoder({ direction: out ? 'client-to-server' : 'server-to-client', rsv1Allowed: true }).push(
    wire,
    (f) => (frame ??= f),
    (e) => {
      throw new Error(e.message);
    },
  );
  return frame!;
}

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

describe('pcapng export: permessage-deflate window bits', () => {
  for (const [server, client] of [
    [9, 10],
    [12, 9],
  ] as const) {
    it(`server_max_window_bits=${server}, client_max_window_bits=${client}: zlib inflates every frame with the agreed window`, async () => {
      const base = sampleCapture().connections[1]!;
      const extensions = `permessage-deflate; server_max_window_bits=${server}; client_max_window_bits=${client}`;
      const conn: ConnectionRecord = { ...base, extensions };
      const dirs = ['out', 'in', 'out', 'in', 'out', 'in'] as const;
      const text = block(server * 100 + client);
      const msgs: MessageRecord[] = dirs.map((dir, i) => ({
        id: 100 + i,
        conn: conn.id,
        t: base.opened! + 10 + i,
        dir,
        opcode: 1,
        size: 1502,
        data: `${i}:${text}`,
      }));
      const { bytes } = await exportPcapng([conn], msgs, { redact: { enabled: false } });
      const r = await importCapture(bytes);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.connections[0]!.extensions).toBe(extensions);
      const history: Record<'in' | 'out', Buffer> = { in: Buffer.alloc(0), out: Buffer.alloc(0) };
      for (const m of r.value.messages) {
        const wire = r.value.captured.get(m.id)!;
        expect(wire.compressed).toBe(true);
        const bits = m.dir === 'out' ? client : server;
        const frame = payloadOf(wire.frames[0]!, m.dir === 'out');
        const dictionary = history[m.dir].subarray(Math.max(0, history[m.dir].length - (1 << bits)));
        const inflated = inflateRawSync(Buffer.concat([frame.payload, TAIL]), {
          windowBits: bits,
          finishFlush: constants.Z_SYNC_FLUSH,
          ...(dictionary.length > 0 ? { dictionary } : {}),
        });
        expect(inflated.toString('utf8')).toBe(msgs.find((x) => x.id === m.id)?.data ?? m.data);
        history[m.dir] = Buffer.concat([history[m.dir], inflated]);
      }
      expect(r.value.messages.map((m) => m.data)).toEqual(msgs.map((m) => m.data));
      if (spawnSync('tshark', ['--version']).status === 0) {
        const file = join(mkdtempSync(join(tmpdir(), 'sockscope-window-')), 'window.pcapng');
        writeFileSync(file, bytes);
        const texts = execFileSync('tshark', ['-r', file, '-Y', 'websocket.opcode == 1', '-T', 'fields', '-e', 'websocket.payload.text'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        expect(texts.trim().split('\n')).toEqual(msgs.map((m) => m.data));
      }
    }, 30_000);
  }
});
