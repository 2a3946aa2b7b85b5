import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { generate } from 'mqtt-packet';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { decodeMessage } from '../../../src/decoders/registry';
import { mqttDecoder } from '../../../src/decoders/mqtt';
import { createDecodeSession } from '../../../src/decoders/session';
import type { Decoded } from '../../../src/decoders/types';
import { pairMessages } from '../../../src/pairing/pairing';
import type { CaptureProxy } from './capture-proxy';
import { listen, startCaptureProxy } from './capture-proxy';

const bin = (bytes: Uint8Array) => ({ opcode: 2 as const, bytes, subprotocol: 'mqtt' });

function units(list: { decoded: Decoded }[]): Decoded[] {
  return list.flatMap(({ decoded }) => decoded.parts ?? [decoded]);
}

describe('MQTT decoder with traffic captured from mqtt.js ↔ aedes over WebSocket', () => {
  let broker: Aedes;
  let httpServer: http.Server;
  let proxy: CaptureProxy;

  beforeAll(async () => {
    broker = await Aedes.createBroker();
    httpServer = http.createServer();
    const wss = new WebSocketServer({ server: httpServer, handleProtocols: (p) => [...p][0] ?? false });
    wss.on('connection', (ws, req) => broker.handle(createWebSocketStream(ws) as never, req));
    proxy = await startCaptureProxy(await listen(httpServer));
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    httpServer.close();
  });

  // aedes 1.x refuses MQTT 5 ("Unacceptable protocol version"): v5 is covered below with mqtt-packet.
  for (const protocolVersion of [4] as const) {
    it(`decodes and pairs a v${protocolVersion} session`, async () => {
      proxy.messages.length = 0;
      const client = await mqtt.connectAsync(`${proxy.url}/mqtt`, { protocolVersion, clientId: `c${protocolVersion}`, keepalive: 0 });
      await client.subscribeAsync('chat/room1', { qos: 1 });
      const got = new Promise<void>((resolve) => client.on('message', () => resolve()));
      await client.publishAsync('chat/room1', JSON.stringify({ user: { id: 42 } }), { qos: 1 });
      await client.publishAsync('chat/room2', 'two', { qos: 2 });
      await got;
      await client.unsubscribeAsync('chat/room1');
      await client.endAsync();

      const session = createDecodeSession();
      const decoded = proxy.messages.map((m, id) => {
        const r = session.decode(m.input, m.dir);
        if (!r.ok) throw new Error(`${id}: ${r.reason}`);
        return { id, dir: m.dir, t: id, decoded: r.decoded };
      });
      // mqtt.js writes a packet in several WebSocket messages (fixed header first): the session reassembles.
      expect(decoded.some(({ decoded: d }) => d.kind === 'fragment')).toBe(true);
      const all = units(decoded).filter((d) => d.kind !== 'fragment');
      expect(all[0]?.summary).toBe(`MQTT CONNECT client "c${protocolVersion}" v${protocolVersion} keepalive 0`);
      expect(all[0]?.control).toBe('handshake');
      const pub = all.find((d) => d.kind === 'PUBLISH' && d.event === 'chat/room1' && d.pair);
      expect(pub?.summary).toMatch(/^MQTT PUBLISH chat\/room1 qos 1 id \d+$/);
      expect(pub?.value).toEqual({ user: { id: 42 } });
      expect(all.some((d) => d.kind === 'PUBLISH' && d.event === 'chat/room2' && d.summary.includes('qos 2'))).toBe(true);
      expect(all.map((d) => d.kind)).toEqual(
        expect.arrayContaining([
          'CONNACK',
          'SUBSCRIBE',
          'SUBACK',
          'PUBACK',
          'PUBREC',
          'PUBREL',
          'PUBCOMP',
          'UNSUBSCRIBE',
          'UNSUBACK',
          'DISCONNECT',
        ]),
      );

      const pairer = pairMessages(decoded);
      const keys = pairer
        .exchanges()
        .filter((e) => e.done)
        .map((e) => e.key.replace(/#\d+/, '#n'));
      expect(keys).toEqual(expect.arrayContaining(['mqtt:connect', 'mqtt:sub#n', 'mqtt:pub#n', 'mqtt:rel#n', 'mqtt:unsub#n']));
      expect(pairer.unanswered()).toEqual([]);
    });
  }

  it('handles several packets in one message and a packet split across messages', () => {
    const a = generate({ cmd: 'publish', topic: 't/1', payload: Buffer.from('hello'), qos: 1, messageId: 7, dup: false, retain: false });
    const b = generate({ cmd: 'pingreq' });
    const both = new Uint8Array(Buffer.concat([a, b]));
    const r = decodeMessage(bin(both));
    expect(r.ok && r.decoded.parts?.map((p) => p.summary)).toEqual(['MQTT PUBLISH t/1 qos 1 id 7', 'MQTT PINGREQ']);

    const session = createDecodeSession();
    const first = session.decode(bin(both.subarray(0, 4)), 'out');
    expect(first).toMatchObject({ ok: true, decoded: { kind: 'fragment' } });
    const second = session.decode(bin(both.subarray(4)), 'out');
    expect(second.ok && second.decoded.parts?.length).toBe(2);
  });

  it('classifies PINGREQ/PINGRESP as heartbeats and rejects malformed packets', () => {
    for (const cmd of ['pingreq', 'pingresp'] as const) {
      expect(mqttDecoder.decode(bin(new Uint8Array(generate({ cmd }))))).toMatchObject({ ok: true, decoded: { control: 'heartbeat' } });
    }
    const pub = new Uint8Array(generate({ cmd: 'publish', topic: 'a', payload: Buffer.from('x'), qos: 0, dup: false, retain: false }));
    expect(mqttDecoder.decode(bin(pub.subarray(0, pub.length - 1))).ok).toBe(false); // truncated
    expect(mqttDecoder.decode(bin(new Uint8Array([...pub, 0xff]))).ok).toBe(false); // trailing garbage
    expect(mqttDecoder.decode(bin(new Uint8Array([0x00, 0x00]))).ok).toBe(false); // reserved type 0
    expect(mqttDecoder.decode(bin(new Uint8Array([0x80, 0x02, 0x00, 0x01])))).toMatchObject({ ok: false }); // SUBSCRIBE with flags 0
    expect(mqttDecoder.decode({ opcode: 1, text: 'hello' }).ok).toBe(false);
  });

  it('decodes an MQTT 5 exchange generated by mqtt-packet (the encoder of mqtt.js)', () => {
    const v5 = { protocolVersion: 5 } as const;
    const packets = [
      generate(
        {
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 5,
          clientId: 'five',
          clean: true,
          keepalive: 30,
          properties: { sessionExpiryInterval: 60 },
        },
        v5,
      ),
      generate(
        {
          cmd: 'connack',
          reasonCode: 0,
          sessionPresent: false,
          properties: { topicAliasMaximum: 10, assignedClientIdentifier: 'abc', userProperties: { region: 'eu' } },
        },
        v5,
      ),
      generate(
        {
          cmd: 'publish',
          topic: 'chat/room1',
          payload: Buffer.from('{"n":1}'),
          qos: 1,
          messageId: 7,
          dup: false,
          retain: false,
          properties: { contentType: 'application/json', userProperties: { a: '1' } },
        },
        v5,
      ),
      generate({ cmd: 'puback', messageId: 7, reasonCode: 0x10 }, v5),
    ];
    const session = createDecodeSession();
    const dirs = ['out', 'in', 'out', 'in'] as const;
    const decoded = packets.map((p, i) => {
      const r = session.decode(bin(new Uint8Array(p)), dirs[i]);
      if (!r.ok) throw new Error(r.reason);
      return r.decoded;
    });
    expect(decoded.map((d) => d.summary)).toEqual([
      'MQTT CONNECT client "five" v5 keepalive 30',
      'MQTT CONNACK',
      'MQTT PUBLISH chat/room1 qos 1 id 7',
      'MQTT PUBACK id 7 rc 0x10',
    ]);
    expect(decoded[2]?.value).toEqual({ n: 1 });
    const pairs = pairMessages(decoded.map((d, i) => ({ id: i, dir: dirs[i] ?? 'out', t: i * 10, decoded: d })));
    expect(pairs.exchanges().map((e) => [e.key, e.latency])).toEqual([
      ['mqtt:connect', 10],
      ['mqtt:pub#7', 10],
    ]);
    const connack = new Uint8Array(packets[1] ?? []);
    const r = mqttDecoder.decode({ ...bin(connack), hints: { mqttVersion: 5 } });
    expect(r.ok).toBe(true);
    const props = r.ok ? r.decoded.fields.find((f) => f.name === 'properties') : undefined;
    expect(props?.children?.map((c) => c.name)).toEqual(
      expect.arrayContaining(['topicAliasMaximum', 'assignedClientIdentifier', 'userProperties']),
    );
  });
});
