/**
 * The Frame tab's permessage-deflate payloads are what a zlib receiver
 * accepts (RFC 7692 7.2.2): 200 varied messages, through `reconstruct`
 * exactly as the panel calls it, with and without context takeover, at
 * window bits 15, 12 and 9, inflated back by Node's zlib and by ws's
 * PerMessageDeflate. Failures are collected, not thrown at the first one,
 * so a broken compressor reports how many messages it breaks.
 */
import { describe, expect, test } from 'vitest';
import { bytesToBase64 } from '../../../src/model/base64';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { earlierMessages, reconstruct } from '../../../src/panel/frame/reconstruct';
import { MessageLog } from '../../../src/panel/capture/message-log';
import { agreedHeader, variedMessages, wsReceiver, zlibReceiver } from '../protocol/deflate-peers';
import type { CorpusMessage } from '../protocol/deflate-peers';
import { conn } from './helpers';

const MESSAGES = variedMessages(200, 0x5eed);
/** Ten connections of twenty messages: context takeover replays at most 19 earlier ones per message. */
const PER_CONNECTION = 20;
const KEY = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);
const decoder = new TextDecoder();

function record(id: number, c: string, dir: 'in' | 'out', m: CorpusMessage): MessageRecord {
  const data = m.text ? decoder.decode(m.bytes) : bytesToBase64(m.bytes);
  return { id, conn: c, t: 1_700_000_000_000 + id, dir, opcode: m.text ? 1 : 2, size: m.bytes.length, data };
}

interface Failure {
  id: number;
  kind: string;
  size: number;
  by: string;
}

async function checkConnection(index: number, windowBits: number, noContextTakeover: boolean): Promise<Failure[]> {
  const dir = index % 2 ? 'in' : 'out';
  const direction = dir === 'out' ? 'client-to-server' : 'server-to-client';
  const header = agreedHeader(windowBits, noContextTakeover);
  const slice = MESSAGES.slice(index * PER_CONNECTION, (index + 1) * PER_CONNECTION);
  const counts = { messages: slice.length, bytes: 0 };
  const c: ConnectionRecord = conn(`c${index}`, {
    extensions: header,
    sent: dir === 'out' ? counts : { messages: 0, bytes: 0 },
    received: dir === 'in' ? counts : { messages: 0, bytes: 0 },
  });
  const recs = slice.map((m, i) => record(index * PER_CONNECTION + i + 1, c.id, dir, m));
  const log = new MessageLog();
  log.append(recs);
  const zlib = zlibReceiver(windowBits, noContextTakeover);
  const ws = wsReceiver(header, direction);
  // ws must have agreed the same parameters, or the check would prove nothing.
  expect(ws.params).toMatchObject({ [`${dir === 'out' ? 'client' : 'server'}_max_window_bits`]: windowBits });
  const failures: Failure[] = [];
  for (const [i, rec] of recs.entries()) {
    const want = slice[i]!;
    const fail = (by: string) => failures.push({ id: rec.id, kind: want.kind, size: want.bytes.length, by });
    const r = reconstruct(rec, c, { keyFor: () => KEY, fragments: 1 + (i % 3), earlier: () => earlierMessages(log, rec, c) });
    if (!r.ok) {
      fail(`reconstruct: ${r.error}`);
      continue;
    }
    const how = r.value.compression;
    const expected = noContextTakeover ? how.kind === 'independent' : how.kind === 'replayed' && how.earlier === i;
    if (!expected) fail(`compression: ${JSON.stringify(how)}`);
    // RFC 7692 6.1: RSV1 on the first frame only.
    if (how.kind !== 'failed' && r.value.frames.some((f, n) => f.frame.rsv1 !== (n === 0))) fail('RSV1 not set on the first frame only');
    expect(r.value.windowBits).toBe(windowBits);
    const payload = Buffer.concat(r.value.frames.map((f) => f.frame.payload));
    for (const [by, receiver] of [
      ['zlib', zlib],
      ['ws', ws],
    ] as const) {
      try {
        const back = await receiver.inflate(payload);
        if (Buffer.compare(back, Buffer.from(want.bytes)) !== 0) fail(`${by}: inflated to other bytes`);
      } catch (e) {
        fail(`${by}: ${(e as Error).message}`);
      }
    }
  }
  zlib.close();
  ws.close();
  return failures;
}

describe('Frame tab permessage-deflate payloads inflate with zlib and ws', () => {
  test('the corpus has every kind asked for', () => {
    const kinds = new Set(MESSAGES.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['64KiB', 'binary', 'empty', 'json', 'repetitive']);
    const json = MESSAGES.filter((m) => m.kind === 'json').map((m) => m.bytes.length);
    expect(Math.min(...json)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...json)).toBeGreaterThan(4000);
    expect(MESSAGES.find((m) => m.kind === '64KiB')?.bytes.length).toBe(65_536);
  });

  for (const windowBits of [15, 12, 9]) {
    for (const noContextTakeover of [false, true]) {
      test(
        `window bits ${windowBits}, ${noContextTakeover ? 'no context takeover' : 'context takeover'}: all 200 messages`,
        { timeout: 60_000 },
        async () => {
          const failures: Failure[] = [];
          for (let i = 0; i < MESSAGES.length / PER_CONNECTION; i++)
            failures.push(...(await checkConnection(i, windowBits, noContextTakeover)));
          const failedMessages = new Set(failures.map((f) => f.id)).size;
          expect({ failedMessages, failures: failures.slice(0, 5) }).toEqual({ failedMessages: 0, failures: [] });
        },
      );
    }
  }
});
