/**
 * MQTT over WebSocket (subprotocol `mqtt`): one binary message may hold several
 * packets, and a packet may be split across messages (see mqtt-stream.ts).
 */
import { ReadError } from './bytes';
import type { MqttPacket, MqttVersion } from './mqtt-packet';
import { parseMqttPacket, splitMqttFrames } from './mqtt-packet';
import type { Decoded, DecodedField, DecodeInput, DecodeResult, Decoder, PairTag } from './types';
import { fieldOf } from './fields';
import { createMqttStream } from './mqtt-stream';
import { bytesOf, combineParts, decodeUtf8, fail, MAX_PARTS, ok, parseJson, toHex } from './util';

/** A PUBLISH payload as a JSON-compatible value: JSON, else text, else hex. */
function payloadValue(payload: Uint8Array): unknown {
  const text = decodeUtf8(payload);
  if (text === undefined) return toHex(payload, 4096);
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text;
}

const PAIRS: Record<string, [string, PairTag['role']]> = {
  PUBACK: ['pub', 'response'],
  PUBREC: ['pub', 'response'],
  PUBREL: ['rel', 'request'],
  PUBCOMP: ['rel', 'response'],
  SUBSCRIBE: ['sub', 'request'],
  SUBACK: ['sub', 'response'],
  UNSUBSCRIBE: ['unsub', 'request'],
  UNSUBACK: ['unsub', 'response'],
};

function pairOf(p: MqttPacket): PairTag | undefined {
  if (p.type === 'CONNECT' || p.type === 'CONNACK') return { key: 'mqtt:connect', role: p.type === 'CONNECT' ? 'request' : 'response' };
  if (p.type === 'PINGREQ' || p.type === 'PINGRESP') return { key: 'mqtt:ping', role: p.type === 'PINGREQ' ? 'request' : 'response' };
  if (p.type === 'PUBLISH') return p.packetId === undefined ? undefined : { key: `mqtt:pub#${p.packetId}`, role: 'request' };
  const def = PAIRS[p.type];
  return def && p.packetId !== undefined ? { key: `mqtt:${def[0]}#${p.packetId}`, role: def[1] } : undefined;
}

export function describeMqtt(p: MqttPacket): Decoded {
  const fields: DecodedField[] = [
    { name: 'type', value: p.type },
    { name: 'version', value: String(p.version) },
  ];
  let summary = `MQTT ${p.type}`;
  let event: string | undefined;
  let value: unknown;
  if (p.type === 'PUBLISH') {
    value = payloadValue(p.payload ?? new Uint8Array(0));
    event = p.topic;
    summary += ` ${p.topic} qos ${p.qos}${p.packetId === undefined ? '' : ` id ${p.packetId}`}${p.retain ? ' retain' : ''}${p.dup ? ' dup' : ''}`;
    fields.push({ name: 'topic', value: p.topic }, { name: 'qos', value: String(p.qos) }, fieldOf('payload', value));
  } else if (p.connect) {
    summary += ` client ${JSON.stringify(p.connect.clientId)} v${p.connect.version} keepalive ${p.connect.keepAlive}`;
    fields.push(fieldOf('connect', p.connect));
  } else if (p.subscriptions) {
    event = p.subscriptions.map((s) => s.topic).join(' ');
    summary += ` ${event}${p.packetId === undefined ? '' : ` id ${p.packetId}`}`;
    value = p.subscriptions;
    fields.push(fieldOf('subscriptions', p.subscriptions));
  } else if (p.packetId !== undefined) {
    summary += ` id ${p.packetId}`;
  }
  if (p.packetId !== undefined) fields.push({ name: 'packet id', value: String(p.packetId) });
  if (p.codes) fields.push({ name: 'codes', value: p.codes.join(', ') });
  if (p.reasonCode !== undefined) {
    fields.push({ name: 'reason code', value: `0x${p.reasonCode.toString(16).padStart(2, '0')}` });
    if (p.reasonCode !== 0) summary += ` rc 0x${p.reasonCode.toString(16)}`;
  }
  if (p.properties && Object.keys(p.properties).length > 0) fields.push(fieldOf('properties', p.properties));
  const control =
    p.type === 'PINGREQ' || p.type === 'PINGRESP'
      ? 'heartbeat'
      : p.type === 'CONNECT' || p.type === 'CONNACK' || p.type === 'AUTH'
        ? 'handshake'
        : p.type === 'DISCONNECT'
          ? 'control'
          : undefined;
  return { protocol: 'mqtt', kind: p.type, summary, event, value, control, pair: pairOf(p), fields };
}

/** Parses one packet, guessing 3.1.1 then 5 when the version is not known. */
function parseWithVersion(frame: Uint8Array, version: MqttVersion | undefined): MqttPacket {
  if (version !== undefined) return parseMqttPacket(frame, version);
  try {
    return parseMqttPacket(frame, 4);
  } catch (e) {
    if (!(e instanceof ReadError)) throw e;
    return parseMqttPacket(frame, 5);
  }
}

/** Decodes whole packets; `version` is updated by any CONNECT seen. */
export function decodeMqttPackets(bytes: Uint8Array, version?: MqttVersion): DecodeResult {
  try {
    const { frames, tail } = splitMqttFrames(bytes);
    if (frames.length === 0) return fail('no complete MQTT packet');
    if (tail !== bytes.length) return fail(`incomplete MQTT packet: ${bytes.length - tail} trailing bytes`);
    let v = version;
    // A megabyte of 2-byte PINGREQs is 500k packets: decode the first MAX_PARTS, count the rest.
    const parts = frames.slice(0, MAX_PARTS).map((f) => {
      const packet = parseWithVersion(bytes.subarray(f.start, f.end), v);
      if (packet.connect) v = packet.connect.version;
      return describeMqtt(packet);
    });
    return ok(combineParts(parts, 'mqtt', frames.length - parts.length));
  } catch (e) {
    if (e instanceof ReadError) return fail(`not MQTT: ${e.message}`);
    throw e;
  }
}

export const mqttDecoder: Decoder = {
  id: 'mqtt',
  name: 'MQTT 3.1.1 / 5',
  binary: true,
  subprotocols: ['mqtt', 'mqttv3', 'mqttv3.1'],
  urlPattern: /\/mqtt(\?|$)/,
  sniff: { opcode: 2, rank: 1 },
  stateful: (single) => createMqttStream(single, decodeMqttPackets),
  decode(input: DecodeInput): DecodeResult {
    const bytes = bytesOf(input);
    if (bytes === undefined) return fail('MQTT is carried in binary messages');
    return decodeMqttPackets(bytes, input.hints?.mqttVersion);
  },
};
