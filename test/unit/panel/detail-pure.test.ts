/** The JSON tab's unwrapping (json-of.ts), the saved file's name and type (payload-file.ts), and reading tab choices (tab-prefs.ts): pure. */
import { describe, expect, test } from 'vitest';
import { decodeMessage } from '../../../src/decoders/registry';
import { bytesToBase64 } from '../../../src/model/base64';
import type { MessageRecord } from '../../../src/model/records';
import { jsonOf } from '../../../src/panel/detail/json-of';
import { payloadFile, safeNamePart } from '../../../src/panel/detail/payload-file';
import { createTabPrefs, defaultTab, readTabPrefs, TAB_PREFS_KEY } from '../../../src/panel/detail/tab-prefs';
import { conn, msg } from './helpers';

const decoded = (rec: MessageRecord, url?: string, subprotocol?: string) => {
  const r = decodeMessage({
    opcode: rec.opcode,
    ...(rec.opcode === 1 ? { text: rec.data } : { bytes: Uint8Array.from(Buffer.from(rec.data, 'base64')) }),
    ...(url ? { url } : {}),
    ...(subprotocol ? { subprotocol } : {}),
  });
  return r.ok ? r.decoded : undefined;
};
const SIO = 'ws://h/socket.io/?EIO=4&transport=websocket';

describe('the JSON tab unwraps protocols', () => {
  test('Socket.IO event, ack and Engine.IO open; a broken packet says why', () => {
    const ev = msg(1, { data: '42/admin,5["chat",{"a":[1,2]},"x"]' });
    expect(jsonOf(ev, decoded(ev, SIO))).toEqual({
      ok: true,
      value: { event: 'chat', args: [{ a: [1, 2] }, 'x'] },
      note: 'Socket.IO EVENT "chat" on /admin, ack id 5: the event and its arguments',
    });
    const ack = msg(2, { data: '435[{"ok":true}]' });
    expect(jsonOf(ack, decoded(ack, SIO))).toMatchObject({ ok: true, value: { ackId: 5, args: [{ ok: true }] } });
    const open = msg(3, { data: '0{"sid":"s","pingInterval":25000}' });
    expect(jsonOf(open, decoded(open, SIO))).toMatchObject({ ok: true, value: { sid: 's' }, note: 'Engine.IO open packet (0): its JSON' });
    const ping = msg(4, { data: '2' });
    expect(jsonOf(ping, decoded(ping, SIO))).toMatchObject({ ok: false, error: expect.stringMatching(/control packet/) });
    const connect = msg(5, { data: '40' }); // a JSON number to JSON.parse
    expect(jsonOf(connect, decoded(connect, SIO))).toMatchObject({ ok: false, error: 'Socket.IO CONNECT carries no JSON' });
    // Without a decoder's word it is plain text that is not JSON.
    expect(jsonOf(ev, undefined)).toMatchObject({ ok: false, error: expect.stringMatching(/JSON/) });
  });

  test('STOMP: the JSON body; Phoenix: the v2 array named; MessagePack: the decoded value', () => {
    const stomp = msg(1, { data: 'SEND\ndestination:/topic/a\ncontent-type:application/json\n\n{"n":1}\u0000' });
    expect(jsonOf(stomp, decoded(stomp, undefined, 'v12.stomp'))).toEqual({
      ok: true,
      value: { n: 1 },
      note: 'STOMP SEND frame: its JSON body',
    });
    const phx = msg(2, { data: '["1","2","room:lobby","phx_join",{"user":"u"}]' });
    expect(jsonOf(phx, decoded(phx, 'wss://h/socket/websocket?vsn=2.0.0'))).toEqual({
      ok: true,
      value: { join_ref: '1', ref: '2', topic: 'room:lobby', event: 'phx_join', payload: { user: 'u' } },
      note: 'Phoenix v2 message: [join_ref, ref, topic, event, payload], named',
    });
    const mp = msg(3, { opcode: 2, data: bytesToBase64(Uint8Array.from([0x81, 0xa1, 0x61, 0x01])) }); // {"a":1}
    expect(jsonOf(mp, decoded(mp))).toMatchObject({ ok: true, value: { a: 1 } });
    expect(jsonOf(msg(4, { opcode: 2, data: bytesToBase64(Uint8Array.from([0xc1])) }), undefined)).toMatchObject({ ok: false });
  });
});

describe('save payload: name and type', () => {
  test('text .txt, JSON .json, binary .bin; a truncated message says so', () => {
    const c = conn('c1', { url: 'wss://chat.example.test:8443/ws' });
    expect(payloadFile(msg(1, { data: 'hi' }), c)).toMatchObject({ ok: true, name: 'sockscope-chat.example.test-msg1.txt', data: 'hi' });
    expect(payloadFile(msg(2, { data: ' {"a":1}' }), c)).toMatchObject({
      name: 'sockscope-chat.example.test-msg2.json',
      mime: 'application/json',
    });
    const bin = payloadFile(msg(3, { opcode: 2, data: 'AAH/' }), c);
    expect(bin).toMatchObject({ name: 'sockscope-chat.example.test-msg3.bin', mime: 'application/octet-stream' });
    expect(bin.ok && [...(bin.data as Uint8Array)]).toEqual([0, 1, 255]);
    expect(payloadFile(msg(4, { data: 'x', truncated: true }), c)).toMatchObject({
      name: 'sockscope-chat.example.test-msg4-stored-part.txt',
    });
    expect(payloadFile(msg(5, { opcode: 2, data: 'not*base64' }), c).ok).toBe(false);
  });

  test('no page-chosen path, hidden file or extension gets into the name', () => {
    expect(safeNamePart('../../etc/passwd')).toBe('etc_passwd');
    expect(safeNamePart('..')).toBe('socket');
    expect(safeNamePart('a\\b:c*?"<>|\u202egnp.exe')).toBe('a_b_c_gnp.exe');
    expect(safeNamePart('x'.repeat(500))).toHaveLength(60);
    for (const url of ['not a url', 'ws://[::1]:80/', 'wss://xn--bcher-kva.example/', 'ws://%2e%2e%2f/']) {
      const f = payloadFile(msg(9, { data: 'x' }), conn('c', { url }));
      expect(f.ok && f.name).toMatch(/^sockscope-[A-Za-z0-9.-]*[A-Za-z0-9]-msg9\.txt$/);
    }
  });
});

describe('detail tab per protocol', () => {
  test('defaults: recognised protocol → Decoded, JSON → JSON, none → Text', () => {
    expect(defaultTab('socketio')).toBe('decoded');
    expect(defaultTab('json')).toBe('json');
    expect(defaultTab('none')).toBe('text');
    expect(defaultTab(undefined)).toBe('text');
  });

  test('reading is total; choices persist', () => {
    expect([...readTabPrefs('{"socketio":"json","mqtt":"nope","x":7}')]).toEqual([['socketio', 'json']]);
    for (const junk of [null, '', 'nope', '[1]', '"s"', 'null']) expect(readTabPrefs(junk).size).toBe(0);
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    createTabPrefs(storage).choose('stomp', 'hex');
    expect(data.get(TAB_PREFS_KEY)).toBe('{"stomp":"hex"}');
    expect(createTabPrefs(storage).chosen.value.get('stomp')).toBe('hex');
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    const p = createTabPrefs(throwing);
    p.choose('json', 'text');
    expect(p.chosen.value.get('json')).toBe('text');
  });
});
