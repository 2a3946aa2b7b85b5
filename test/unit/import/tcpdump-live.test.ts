/**
 * Real captures: tcpdump records a `ws` server and a `ws` client talking on
 * 127.0.0.1 (text, 16- and 64-bit lengths, UTF-8, a fragmented message,
 * pings both ways, a client close), with and without permessage-deflate;
 * the importer must give back every message and control frame the peers
 * sent, with the captured frame structure. Needs root (or CAP_NET_RAW) for
 * tcpdump; skipped with the reason when it cannot capture here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type AddressInfo } from 'ws';
import { importCapture, type ImportedSession } from '../../../src/import';

const BIG = Buffer.from(Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff));
const MID = Buffer.from(Uint8Array.from({ length: 300 }, (_, i) => i & 0xff));
const SENT: readonly (string | Buffer)[] = ['hello', MID, BIG, 'ünïcode ✓'];

function until<T>(what: string, ms: number, check: () => Promise<T | null> | T | null): Promise<T> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = async (): Promise<void> => {
      const v = await check();
      if (v !== null) return resolve(v);
      if (Date.now() > end) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void poll(), 20);
    };
    void poll();
  });
}

/** Starts tcpdump; resolves once it says it is listening, or with the reason it cannot. */
function startTcpdump(file: string, port: number): Promise<{ proc: ChildProcess } | { error: string }> {
  return new Promise((resolve) => {
    const proc = spawn('tcpdump', ['-i', 'lo', '-U', '-s', '0', '-w', file, `tcp port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve({ proc });
    });
    proc.on('error', (e) => resolve({ error: e.message }));
    proc.on('exit', (code) => resolve({ error: `tcpdump exited ${code}: ${err.trim()}` }));
  });
}

async function converse(port: number, deflate: boolean): Promise<{ serverGot: (string | Buffer)[]; clientGot: (string | Buffer)[] }> {
  const client = new WebSocket(`ws://127.0.0.1:${port}/live?deflate=${deflate}`, { perMessageDeflate: deflate });
  const clientGot: (string | Buffer)[] = [];
  const serverGot: (string | Buffer)[] = [];
  client.on('message', (data: Buffer, isBinary) => clientGot.push(isBinary ? data : data.toString('utf8')));
  await new Promise((r) => client.once('open', r));
  for (const m of SENT) client.send(m);
  client.ping('cli-ping');
  await until('echoes', 10_000, () => (clientGot.length === SENT.length + 1 ? true : null));
  const closed = new Promise((r) => client.once('close', r));
  client.close(4000, 'done');
  await closed;
  return { serverGot, clientGot };
}

const hasTcpdump = spawnSync('tcpdump', ['--version']).status === 0;

describe.skipIf(!hasTcpdump)('import of a real tcpdump capture', () => {
  for (const deflate of [false, true]) {
    it(`${deflate ? 'permessage-deflate' : 'plain'}: every message and control frame the peers sent`, async (ctx) => {
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate ? { threshold: 0 } : false });
      await new Promise((r) => server.once('listening', r));
      server.on('connection', (ws) => {
        ws.ping('srv-ping');
        // A fragmented text message: two frames, FIN only on the second (RFC 6455 5.4).
        ws.send('frag-1 ', { fin: false });
        ws.send('frag-2', { fin: true });
        ws.on('message', (data: Buffer, isBinary) => ws.send(data, { binary: isBinary }));
      });
      const port = (server.address() as AddressInfo).port;
      const file = join(mkdtempSync(join(tmpdir(), 'sockscope-tcpdump-')), 'live.pcap');
      const dump = await startTcpdump(file, port);
      if ('error' in dump) {
        server.close();
        console.warn(`tcpdump cannot capture here, live import test skipped: ${dump.error}`);
        ctx.skip();
        return;
      }
      try {
        const { clientGot } = await converse(port, deflate);
        // Wait by condition: until tcpdump has written both close frames.
        const session = await until<ImportedSession>('the close frames in the capture', 10_000, async () => {
          const r = await importCapture(new Uint8Array(readFileSync(file)));
          return r.ok && r.value.control.filter((c) => c.kind === 'close').length === 2 ? r.value : null;
        });
        expect(session.connections).toHaveLength(1);
        const conn = session.connections[0]!;
        expect(conn).toMatchObject({
          url: `ws://127.0.0.1:${port}/live?deflate=${deflate}`,
          close: { code: 4000, reason: 'done', wasClean: true },
          closeCall: { code: 4000 },
        });
        if (deflate) expect(conn.extensions).toMatch(/^permessage-deflate/);
        const asData = (m: string | Buffer): string => (typeof m === 'string' ? m : m.toString('base64'));
        expect(session.messages.filter((m) => m.dir === 'out').map((m) => m.data)).toEqual(SENT.map(asData));
        expect(session.messages.filter((m) => m.dir === 'in').map((m) => m.data)).toEqual(clientGot.map(asData));
        expect(session.messages.filter((m) => m.dir === 'out').map((m) => m.size)).toEqual(SENT.map((m) => Buffer.byteLength(m)));
        expect(
          session.control.map((c) => [
            c.kind,
            c.dir,
            Buffer.from(c.data)
              .toString('utf8')
              .replace(/^[\s\S]{2}(?=done)/, ''),
          ]),
        ).toEqual(
          expect.arrayContaining([
            ['ping', 'in', 'srv-ping'],
            ['pong', 'out', 'srv-ping'],
            ['ping', 'out', 'cli-ping'],
            ['pong', 'in', 'cli-ping'],
            ['close', 'out', 'done'],
            ['close', 'in', 'done'],
          ]),
        );
        // Frames as captured: the fragmented message is two frames; client frames masked; lengths 16/64-bit; RSV1 with deflate.
        const frag = session.messages.find((m) => m.dir === 'in' && m.data === 'frag-1 frag-2')!;
        const fragWire = session.captured.get(frag.id)!;
        expect(fragWire.frames.map((f) => [f[0]! & 0x8f, (f[0]! & 0x40) !== 0])).toEqual([
          [0x01, deflate],
          [0x80, false],
        ]);
        for (const m of session.messages) {
          const wire = session.captured.get(m.id)!;
          expect(wire.compressed).toBe(deflate);
          for (const f of wire.frames) expect((f[1]! & 0x80) !== 0).toBe(m.dir === 'out');
        }
        if (!deflate) {
          const big = session.messages.find((m) => m.dir === 'out' && m.size === 70_000)!;
          const mid = session.messages.find((m) => m.dir === 'out' && m.size === 300)!;
          expect(session.captured.get(big.id)!.frames[0]![1]! & 0x7f).toBe(127);
          expect(session.captured.get(mid.id)!.frames[0]![1]! & 0x7f).toBe(126);
        }
        expect(session.streams[0]).toMatchObject({ state: 'websocket', gaps: [] });
        expect(session.warnings).toEqual([]);
      } finally {
        if ('proc' in dump) {
          const exited = new Promise((r) => dump.proc.once('exit', r));
          dump.proc.kill('SIGTERM');
          await exited;
        }
        server.close();
      }
    }, 30_000);
  }
});
