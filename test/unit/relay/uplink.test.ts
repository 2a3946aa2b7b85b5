/** The relay's uplink to the background over an in-memory port pair: lazy connect, ack, resend after a lost port, order, commands. */
import { describe, expect, it } from 'vitest';
import { createMemoryPair } from '../../../src/messaging/adapter';
import type { MessageAdapter } from '../../../src/messaging/adapter';
import type {
  BackgroundToRelay,
  BackgroundToRelayCommand,
  CommandRequest,
  RelayReply,
  RelayToBackground,
} from '../../../src/messaging/protocol';
import { createUplink } from '../../../src/relay/uplink';
import type { UplinkPort } from '../../../src/relay/uplink';

type Out = RelayToBackground | RelayReply;
type In = BackgroundToRelay | BackgroundToRelayCommand;

function rig(opts: { failConnect?: () => boolean } = {}) {
  const backgrounds: Array<{ side: MessageAdapter<Out, In>; got: Out[] }> = [];
  const commands: CommandRequest[] = [];
  const timers: Array<() => void> = [];
  const uplink = createUplink({
    connect: () => {
      if (opts.failConnect?.()) throw new Error('Extension context invalidated.');
      const [relaySide, bgSide] = createMemoryPair<Out, In>();
      const bg = { side: bgSide, got: [] as Out[] };
      bgSide.addListener((m) => bg.got.push(m));
      backgrounds.push(bg);
      return relaySide as UplinkPort;
    },
    hello: (reconnect) => ({ type: 'hello', v: 2, relayId: 'r1', frameUrl: 'http://page/', isTop: true, reconnect }),
    setTimeout: (fn) => void timers.push(fn),
    onCommand: (c) => commands.push(c),
    maxMessageBytes: 1024,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { uplink, backgrounds, commands, timers, settle };
}

const create = (conn: string) => ({ k: 'create', conn, t: 1, url: 'ws://x/', protocols: [], frameUrl: 'http://page/' });
const shape = (m: Out) =>
  m.type === 'batch'
    ? `batch ${m.seq}:${m.events.map((e) => e.conn).join(',')}`
    : m.type === 'hello'
      ? `hello${m.reconnect ? ' again' : ''}`
      : m.type;

describe('relay uplink', () => {
  it('connects only when the first batch comes, and forgets batches once acknowledged', async () => {
    const { uplink, backgrounds, settle } = rig();
    expect(backgrounds).toHaveLength(0); // a page without WebSockets never wakes the background
    uplink.batch([create('a:1')]);
    uplink.batch([create('a:2'), { not: 'an event' }]);
    await settle();
    expect(backgrounds[0]?.got.map(shape)).toEqual(['hello', 'batch 1:a:1', 'batch 2:a:2']);
    expect(uplink.unacknowledged).toBe(2);
    backgrounds[0]?.side.postMessage({ type: 'ack', seq: 1 });
    await settle();
    expect(uplink.unacknowledged).toBe(1);
  });

  it('after a lost port, reconnects once and resends everything unacknowledged, in order, before new batches', async () => {
    const { uplink, backgrounds, timers, settle } = rig();
    uplink.batch([create('a:1')]);
    uplink.batch([create('a:2')]);
    await settle();
    backgrounds[0]?.side.postMessage({ type: 'ack', seq: 1 });
    await settle();
    backgrounds[0]?.side.disconnect(); // the worker stopped
    await settle();
    uplink.batch([create('a:3')]); // connects at once (lazily) ...
    timers.splice(0).forEach((fn) => fn()); // ... so the retry timer finds a port and does nothing
    await settle();
    expect(backgrounds).toHaveLength(2);
    expect(backgrounds[1]?.got.map(shape)).toEqual(['hello again', 'batch 2:a:2', 'batch 3:a:3']);
  });

  it('passes commands to the hook side and answers on the same port, after the batches before them', async () => {
    const { uplink, backgrounds, commands, settle } = rig();
    uplink.batch([create('a:1')]);
    await settle();
    backgrounds[0]?.side.postMessage({ type: 'command', id: 9, command: { op: 'reopen', conn: 'a:1' } });
    await settle();
    expect(commands).toEqual([{ type: 'command', id: 9, command: { op: 'reopen', conn: 'a:1' } }]);
    uplink.batch([create('a:2')]);
    uplink.reply({ type: 'commandResult', id: 9, ok: true, result: { conn: 'a:2' } });
    await settle();
    expect(backgrounds[0]?.got.map(shape)).toEqual(['hello', 'batch 1:a:1', 'batch 2:a:2', 'commandResult']);
  });

  it('an orphaned relay (connect throws: the extension was reloaded) keeps nothing and stops trying', async () => {
    let attempts = 0;
    const { uplink, backgrounds } = rig({ failConnect: () => (attempts++, true) });
    uplink.batch([create('a:1')]);
    uplink.batch([create('a:2')]);
    uplink.reply({ type: 'commandResult', id: 1, ok: true, result: {} });
    expect([attempts, backgrounds.length, uplink.unacknowledged]).toEqual([1, 0, 0]);
  });

  it('carries binary payloads as bytes, cut to the per-message cap', async () => {
    const { uplink, backgrounds, settle } = rig();
    uplink.batch([
      create('a:1'),
      { k: 'message', conn: 'a:1', t: 2, dir: 'in', opcode: 2, bytes: new Uint8Array(2000).fill(7).buffer, size: 2000 },
    ]);
    await settle();
    const b = backgrounds[0]?.got[1];
    const m = b?.type === 'batch' ? b.events[1] : undefined;
    expect(m?.k === 'message' && [(m.bytes as ArrayBuffer).byteLength, m.size, m.truncated]).toEqual([1024, 2000, true]);
  });
});
