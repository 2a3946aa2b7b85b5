/**
 * The capture importer on every link type it reads (fixtures made by
 * test/fixtures/pcap/make-fixtures.ts, each also read by tshark), and on
 * streams a real network produces: reordered and retransmitted segments,
 * a hole, TLS.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../../../src/import';
import { CaptureReader, type RawPacket } from '../../../src/import/capture-reader';
import { fixtureCapture, pcapFile } from '../../fixtures/pcap/make-fixtures';

const FIXTURES = [
  'ethernet.pcapng',
  'ethernet-nanosecond.pcap',
  'null-loopback.pcap',
  'raw-ip.pcap',
  'linux-sll.pcap',
  'raw-ipv4.pcap',
  'raw-ipv6.pcap',
  'linux-sll2-ipv6.pcap',
];
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/pcap/${name}`, import.meta.url)));

function wireMessages(): { dir: string; opcode: number; data: string; t: number }[] {
  return fixtureCapture()
    .messages.filter((m) => m.origin !== 'injected')
    .map((m) => ({ dir: m.dir, opcode: m.opcode, data: m.data, t: m.t }));
}

function packetsOf(bytes: Uint8Array): RawPacket[] {
  const out: RawPacket[] = [];
  new CaptureReader().push(bytes, out);
  return out;
}

describe('capture import: link types', () => {
  for (const name of FIXTURES) {
    it(`${name}: every message, direction, time and close fact`, async () => {
      const r = await importCapture(fixture(name));
      if (!r.ok) throw new Error(`${r.error.place}: ${r.error.message}`);
      const s = r.value;
      expect(s.warnings).toEqual([]);
      expect(s.streams.map((x) => x.state)).toEqual(['websocket', 'websocket', 'refused']);
      const got = s.messages.map((m) => ({ dir: m.dir, opcode: m.opcode, data: m.data, t: m.t }));
      const want = wireMessages();
      expect(got.map(({ t: _t, ...m }) => m)).toEqual(want.map(({ t: _t, ...m }) => m));
      got.forEach((m, i) => expect(m.t).toBeCloseTo(want[i]!.t, name.includes('nanosecond') || name.endsWith('pcapng') ? 3 : 2));
      const [chat, deflate, refused] = s.connections;
      expect(chat).toMatchObject({
        url: 'ws://127.0.0.1:8080/chat?CGISESSID=abc123secret&room=42',
        protocol: 'chat.v1',
        close: { code: 4001, reason: 'bye ✓', wasClean: true },
        closeCall: { code: 4001 },
      });
      expect(deflate).toMatchObject({
        extensions: 'permessage-deflate; client_max_window_bits=15',
        close: { code: 1001, reason: 'going away', wasClean: true },
      });
      expect(refused).toMatchObject({ state: 'error', handshake: { status: 403 } });
      // Captured wire frames: masked from the client, RSV1 on the deflate connection.
      const first = s.messages[0]!;
      const wire = s.captured.get(first.id)!;
      expect(wire.frames).toHaveLength(1);
      expect(wire.frames[0]![1]! & 0x80).toBe(0x80);
      const compressed = s.messages.find((m) => m.conn === deflate!.id)!;
      expect(s.captured.get(compressed.id)).toMatchObject({ compressed: true });
      expect(s.control.map((c) => [c.kind, c.dir, c.closeCode])).toEqual([
        ['close', 'out', 4001],
        ['close', 'in', 4001],
        ['close', 'in', 1001],
        ['close', 'out', 1001],
      ]);
    });
  }
});

describe('capture import: TCP as captured', () => {
  it('puts reordered and retransmitted segments back in order', async () => {
    const packets = packetsOf(fixture('ethernet.pcapng'));
    const list = packets.map((p) => ({ t: p.t, data: p.data.slice() }));
    // Swap each pair of data packets of the first conversation, and send one twice.
    for (let i = 3; i + 1 < 12; i += 2) [list[i], list[i + 1]] = [list[i + 1]!, list[i]!];
    list.splice(8, 0, { t: list[8]!.t, data: list[8]!.data.slice() });
    const r = await importCapture(pcapFile(1, list));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.messages.map((m) => m.data)).toEqual(wireMessages().map((m) => m.data));
    const stream = r.value.streams[0]!;
    expect(stream.outOfOrder).toBeGreaterThan(0);
    expect(stream.retransmissions).toBeGreaterThan(0);
    expect(stream.gaps).toEqual([]);
  });

  it('reports bytes missing from the capture as a gap on the stream', async () => {
    const list = packetsOf(fixture('ethernet.pcapng')).map((p) => ({ t: p.t, data: p.data.slice() }));
    const dropped = list.splice(6, 1)[0]!; // a data packet of the first conversation
    const r = await importCapture(pcapFile(1, list));
    if (!r.ok) throw new Error(r.error.message);
    const stream = r.value.streams[0]!;
    expect(stream.gaps).toHaveLength(1);
    expect(stream.gaps[0]!.bytes).toBe(dropped.data.length - 54); // Ethernet + IPv4 + TCP headers
    expect(stream.errors[0]).toMatchObject({ code: 'TCP_GAP' });
    expect(stream.errors[0]!.place).toMatch(/^packet \d+, (client → server|server → client) stream byte \d+$/);
  });

  it('lists a TLS stream as encrypted, with the reason, and decodes nothing in it', async () => {
    const list = packetsOf(fixture('ethernet.pcapng')).map((p) => ({ t: p.t, data: p.data.slice() }));
    // The request packet of the first conversation: make its payload start like a TLS ClientHello record.
    list[3]!.data[54] = 0x16;
    list[3]!.data[55] = 0x03;
    const r = await importCapture(pcapFile(1, list));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.streams[0]).toMatchObject({ state: 'encrypted' });
    expect(r.value.streams[0]!.reason).toMatch(/TLS record \(0x16 0x03\)/);
    expect(r.value.connections).toHaveLength(2);
  });
});

describe('capture import: errors are values with a place', () => {
  it('names the packet and byte offset of a corrupt or cut-off file', async () => {
    const bytes = fixture('raw-ip.pcap');
    expect(await importCapture(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { code: 'NOT_A_CAPTURE' } });
    expect(await importCapture(new Uint8Array(64))).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_CAPTURE', place: 'packet 1, byte 0' },
    });
    const cut = await importCapture(bytes.subarray(0, bytes.length - 10));
    expect(cut.ok && cut.value.warnings[0]).toMatchObject({ code: 'TRUNCATED_FILE' });
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(24 + 8, 0x7fffffff, true); // first record's captured length
    expect(await importCapture(huge)).toMatchObject({ ok: false, error: { code: 'BAD_BLOCK', place: 'packet 1, byte 32' } });
  });

  it('reads any chunking of the file, reports progress, and can be cancelled', async () => {
    const bytes = fixture('ethernet.pcapng');
    const chunks = function* (): Generator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    };
    const seen: number[] = [];
    const r = await importCapture(chunks(), { onProgress: (n) => seen.push(n) });
    expect(r.ok && r.value.messages.length).toBe(wireMessages().length);
    expect(seen[seen.length - 1]).toBe(bytes.length);
    const controller = new AbortController();
    const cancelled = await importCapture(chunks(), { signal: controller.signal, onProgress: () => controller.abort() });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('lets a timer (a click on Cancel, a progress paint) run between chunks, and stops there', async () => {
    const bytes = fixture('ethernet.pcapng');
    const chunks = function* (): Generator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 64) yield bytes.subarray(i, i + 64);
    };
    const controller = new AbortController();
    const running = importCapture(chunks(), { signal: controller.signal, yieldMs: 0 });
    setTimeout(() => controller.abort(), 0); // queued like a click: it runs only if the import gives way
    const r = await running;
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    if (!r.ok) expect(Number(/^byte (\d+)$/.exec(r.error.place)?.[1])).toBeLessThan(bytes.length);
  });

  it('never throws on random or bit-flipped input', async () => {
    const base = fixture('ethernet.pcapng');
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 300; i++) {
      const b = base.slice();
      for (let k = 0; k < 1 + (i % 8); k++) {
        const at = Math.floor(rand() * b.length);
        b[at] = b[at]! ^ (1 << Math.floor(rand() * 8));
      }
      const r = await importCapture(i % 10 === 0 ? b.subarray(0, Math.floor(rand() * b.length)) : b);
      if (!r.ok) expect(r.error.place).toMatch(/packet \d+|byte \d+/);
    }
  }, 30_000); // ~4 s alone; the machine is shared
});
