/**
 * HAR export made faster must write the same bytes: the SHA-256 of the
 * export of a varied corpus (every optional fact, odd numbers, strings that
 * need escaping, non-ASCII text and binary, 2,000 bench-like messages with
 * secrets) was taken from the code before the speed-up, redaction on and off.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { exportHarText } from '../../../src/export';
import type { ConnectionRecord, MessageRecord } from '../../../src/model/records';
import { sampleCapture } from './sample';

const ODD_TEXTS = [
  '',
  'plain',
  'quote " backslash \\ slash / tab \t newline \n nul \u0000 del \u007f',
  'line sep \u2028 para \u2029 emoji 😀 lone high \ud800 lone low \udc00',
  '"_webSocketMessages":[]',
  '],"entries":[],"x":{',
  '{"token":"abc.def","session":"s1","auth":"Bearer abcdefgh12345"}',
];

function oddMessages(conn: string): MessageRecord[] {
  const out: MessageRecord[] = [];
  let id = 1000;
  for (const [i, data] of ODD_TEXTS.entries())
    out.push({ id: id++, conn, t: 1_764_000_000_000 + i * 0.1 + 0.0001, dir: i % 2 ? 'in' : 'out', opcode: 1, size: data.length, data });
  const t = [0, -0, 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY, 1_764_000_000_123.456];
  for (const v of t) out.push({ id: id++, conn, t: v, dir: 'in', opcode: 2, size: 3, data: 'AAEC' });
  out.push({
    id: id++,
    conn,
    t: 1_764_000_000_500,
    dir: 'out',
    opcode: 2,
    size: 2_000_000,
    data: 'AAECAw==',
    truncated: true,
    carrier: 'Blob',
    buffered: 123,
    sentInState: 2,
    captureError: 'oops "quoted"',
    origin: 'resent',
  });
  out.push({ id: id++, conn, t: 1_764_000_000_600, dir: 'in', opcode: 1, size: 0, data: '', captureError: '', truncated: false });
  return out;
}

/** The bench's messages (bench/suites/export.ts), fewer of them. */
function benchLike(n: number, conns: readonly string[]): MessageRecord[] {
  const out: MessageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const binary = i % 7 === 3;
    const body = `{"type":"update","id":${i},"price":${(i * 13) % 1000},"token":"${i % 50 === 0 ? 'tok' + i : ''}","name":"Jürgen ${i}"}`;
    const text = body.padEnd(100 + (i % 5), ' ');
    out.push({
      id: 5000 + i,
      conn: conns[i % conns.length]!,
      t: 1_764_000_000_010 + i * 0.37,
      dir: i % 3 === 0 ? 'out' : 'in',
      opcode: binary ? 2 : 1,
      size: Buffer.byteLength(text),
      data: binary ? Buffer.from(text).toString('base64') : text,
    });
  }
  return out;
}

const GOLDEN = {
  on: 'dc55968a9a2b0794ec935e68148ceef7a82533868e805292d59effe5b22628f4',
  off: '99e107cf38e66d01da44f7811fdb7d35e094c63cf9fbf1eab45893b03051e145',
};

describe('HAR export bytes', () => {
  const { connections, messages } = sampleCapture();
  const bare: ConnectionRecord = { ...connections[1]!, id: 'bare', handshake: undefined };
  const conns = [...connections, bare];
  const all: MessageRecord[] = [
    ...messages,
    ...oddMessages(connections[0]!.id),
    ...oddMessages('bare'),
    ...oddMessages('not-exported'),
    ...benchLike(
      2000,
      conns.map((c) => c.id),
    ),
  ];
  for (const enabled of [true, false])
    it(`are the bytes the export wrote before it was made faster (redaction ${enabled ? 'on' : 'off'})`, () => {
      const text = exportHarText(conns, all, { now: 1_764_000_000_000, redact: { enabled } });
      expect(createHash('sha256').update(text).digest('hex')).toBe(GOLDEN[enabled ? 'on' : 'off']);
    });
});
