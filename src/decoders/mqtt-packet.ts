/**
 * MQTT 3.1, 3.1.1 and 5.0 control packets (OASIS MQTT 3.1.1 section 2-3,
 * MQTT 5.0 section 2-3). Pure byte parsing; mqtt.ts turns packets into Decoded.
 */
import { ByteReader, ReadError } from './bytes';
import type { MqttProperties } from './mqtt-properties';
import { mqttString, readProperties } from './mqtt-properties';

/** Index = packet type in the high nibble of byte 0. Type 0 is reserved. */
export const MQTT_TYPES = [
  '',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;

export type MqttVersion = 3 | 4 | 5;

export interface MqttPacket {
  type: string;
  /** Low nibble of byte 0: DUP/QoS/RETAIN for PUBLISH, fixed values otherwise. */
  flags: number;
  packetId?: number;
  topic?: string;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  payload?: Uint8Array;
  properties?: MqttProperties;
  reasonCode?: number;
  /** SUBACK/UNSUBACK return codes, SUBSCRIBE/UNSUBSCRIBE filters. */
  codes?: number[];
  subscriptions?: { topic: string; qos: number }[];
  /** CONNECT details, CONNACK session present. */
  connect?: {
    protocol: string;
    version: MqttVersion;
    clientId: string;
    keepAlive: number;
    cleanStart: boolean;
    username?: string;
    will?: { topic: string; qos: number };
  };
  sessionPresent?: boolean;
  version?: MqttVersion;
}

/** A complete packet's bytes, found by reading only the fixed header. */
export interface MqttFrame {
  start: number;
  end: number;
}

/** Splits concatenated packets; `tail` is the offset of an incomplete last packet. */
export function splitMqttFrames(bytes: Uint8Array): { frames: MqttFrame[]; tail: number } {
  const frames: MqttFrame[] = [];
  let pos = 0;
  // Hand-rolled (no reader object, no exception per packet): a megabyte can hold 500k packets.
  frames: while (pos < bytes.length) {
    let length = 0;
    let at = pos + 1;
    for (let i = 0; ; i++) {
      if (i === 4) throw new ReadError('variable byte integer longer than 4 bytes');
      const b = bytes[at++];
      if (b === undefined) break frames; // the length itself is split across messages
      length += (b & 0x7f) * 128 ** i;
      if ((b & 0x80) === 0) break;
    }
    if (at + length > bytes.length) break;
    frames.push({ start: pos, end: at + length });
    pos = at + length;
  }
  return { frames, tail: pos };
}

/** Fixed-header flags the spec mandates per type (3.1.1 table 2.2). */
const REQUIRED_FLAGS: Record<string, number> = { PUBREL: 2, SUBSCRIBE: 2, UNSUBSCRIBE: 2 };

export function parseMqttPacket(frame: Uint8Array, version: MqttVersion): MqttPacket {
  const r = new ByteReader(frame);
  const b0 = r.u8();
  const type = MQTT_TYPES[b0 >> 4];
  if (!type) throw new ReadError('reserved MQTT packet type 0');
  if (type === 'AUTH' && version !== 5) throw new ReadError('AUTH exists only in MQTT 5');
  const flags = b0 & 0x0f;
  if (type !== 'PUBLISH' && flags !== (REQUIRED_FLAGS[type] ?? 0)) throw new ReadError(`bad fixed-header flags for ${type}`);
  const length = r.mqttVarint();
  if (r.remaining !== length) throw new ReadError('remaining length does not match');
  const p: MqttPacket = { type, flags };
  const v5 = version === 5;
  switch (type) {
    case 'CONNECT':
      return parseConnect(r, p);
    case 'CONNACK':
      p.sessionPresent = (r.u8() & 1) === 1;
      p.reasonCode = r.u8();
      if (v5) p.properties = readProperties(r);
      break;
    case 'PUBLISH': {
      p.qos = (flags >> 1) & 3;
      if (p.qos === 3) throw new ReadError('PUBLISH QoS 3 is malformed');
      p.dup = (flags & 8) !== 0;
      p.retain = (flags & 1) !== 0;
      p.topic = mqttString(r);
      if (p.qos > 0) p.packetId = r.u16();
      if (v5) p.properties = readProperties(r);
      p.payload = r.take(r.remaining);
      break;
    }
    case 'PUBACK':
    case 'PUBREC':
    case 'PUBREL':
    case 'PUBCOMP':
      p.packetId = r.u16();
      // MQTT 5 3.4.2.1: reason code and properties may be omitted when 0 / empty.
      if (v5 && r.remaining > 0) p.reasonCode = r.u8();
      if (v5 && r.remaining > 0) p.properties = readProperties(r);
      break;
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      p.packetId = r.u16();
      if (v5) p.properties = readProperties(r);
      p.subscriptions = [];
      do {
        const topic = mqttString(r);
        p.subscriptions.push({ topic, qos: type === 'SUBSCRIBE' ? r.u8() & 3 : 0 });
      } while (r.remaining > 0);
      break;
    case 'SUBACK':
    case 'UNSUBACK':
      p.packetId = r.u16();
      if (v5) p.properties = readProperties(r);
      p.codes = [...r.take(r.remaining)];
      if (type === 'SUBACK' && p.codes.length === 0) throw new ReadError('SUBACK without return codes');
      break;
    case 'DISCONNECT':
    case 'AUTH':
      if (v5 && r.remaining > 0) p.reasonCode = r.u8();
      if (v5 && r.remaining > 0) p.properties = readProperties(r);
      break;
  }
  if (r.remaining !== 0) throw new ReadError(`${r.remaining} unexpected bytes at the end of ${type}`);
  p.version = version;
  return p;
}

function parseConnect(r: ByteReader, p: MqttPacket): MqttPacket {
  const protocol = mqttString(r);
  const level = r.u8();
  if (!((protocol === 'MQTT' && (level === 4 || level === 5)) || (protocol === 'MQIsdp' && level === 3))) {
    throw new ReadError(`unknown MQTT protocol ${protocol} level ${level}`);
  }
  const version = level as MqttVersion;
  const flags = r.u8();
  if (flags & 1) throw new ReadError('CONNECT reserved flag set');
  const keepAlive = r.u16();
  if (version === 5) p.properties = readProperties(r);
  const clientId = mqttString(r);
  let will: { topic: string; qos: number } | undefined;
  if (flags & 0x04) {
    if (version === 5) readProperties(r);
    will = { topic: mqttString(r), qos: (flags >> 3) & 3 };
    r.take(r.u16()); // will payload
  }
  const username = flags & 0x80 ? mqttString(r) : undefined;
  if (flags & 0x40) r.take(r.u16()); // the password is never shown
  if (r.remaining !== 0) throw new ReadError('unexpected bytes after CONNECT payload');
  p.connect = { protocol, version, clientId, keepAlive, cleanStart: (flags & 2) !== 0, username, will };
  p.version = version;
  return p;
}
