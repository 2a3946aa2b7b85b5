/**
 * MQTT 5 properties (MQTT 5.0 section 2.2.2.2): a variable-byte length, then
 * identifier + typed value pairs. Unknown identifiers are a protocol error, which
 * is also what keeps random bytes from decoding as an MQTT 5 packet.
 */
import type { ByteReader } from './bytes';
import { ReadError } from './bytes';
import { decodeUtf8, toHex } from './util';

type PropType = 'byte' | 'u16' | 'u32' | 'varint' | 'string' | 'binary' | 'pair';

const PROPERTIES: Record<number, [string, PropType]> = {
  1: ['payloadFormatIndicator', 'byte'],
  2: ['messageExpiryInterval', 'u32'],
  3: ['contentType', 'string'],
  8: ['responseTopic', 'string'],
  9: ['correlationData', 'binary'],
  11: ['subscriptionIdentifier', 'varint'],
  17: ['sessionExpiryInterval', 'u32'],
  18: ['assignedClientIdentifier', 'string'],
  19: ['serverKeepAlive', 'u16'],
  21: ['authenticationMethod', 'string'],
  22: ['authenticationData', 'binary'],
  23: ['requestProblemInformation', 'byte'],
  24: ['willDelayInterval', 'u32'],
  25: ['requestResponseInformation', 'byte'],
  26: ['responseInformation', 'string'],
  28: ['serverReference', 'string'],
  31: ['reasonString', 'string'],
  33: ['receiveMaximum', 'u16'],
  34: ['topicAliasMaximum', 'u16'],
  35: ['topicAlias', 'u16'],
  36: ['maximumQoS', 'byte'],
  37: ['retainAvailable', 'byte'],
  38: ['userProperties', 'pair'],
  39: ['maximumPacketSize', 'u32'],
  40: ['wildcardSubscriptionAvailable', 'byte'],
  41: ['subscriptionIdentifierAvailable', 'byte'],
  42: ['sharedSubscriptionAvailable', 'byte'],
};

export type MqttProperties = Record<string, unknown>;

/** A length-prefixed UTF-8 string (MQTT 1.5.4). */
export function mqttString(r: ByteReader): string {
  const text = decodeUtf8(r.take(r.u16()));
  if (text === undefined) throw new ReadError('invalid UTF-8 in MQTT string');
  return text;
}

export function readProperties(r: ByteReader): MqttProperties {
  const length = r.mqttVarint();
  const end = r.pos + length;
  if (end > r.bytes.length) throw new ReadError('properties longer than the packet');
  const props: MqttProperties = {};
  while (r.pos < end) {
    const id = r.mqttVarint();
    const def = PROPERTIES[id];
    if (!def) throw new ReadError(`unknown MQTT 5 property 0x${id.toString(16)}`);
    const [name, type] = def;
    const value = readValue(r, type);
    if (type === 'pair' || name === 'subscriptionIdentifier') {
      // These two may repeat (MQTT 5 3.3.2.3.7, 3.3.2.3.8).
      const list = (props[name] as unknown[] | undefined) ?? [];
      list.push(value);
      props[name] = list;
    } else {
      props[name] = value;
    }
  }
  if (r.pos !== end) throw new ReadError('property overruns the properties length');
  return props;
}

function readValue(r: ByteReader, type: PropType): unknown {
  switch (type) {
    case 'byte':
      return r.u8();
    case 'u16':
      return r.u16();
    case 'u32':
      return r.u32();
    case 'varint':
      return r.mqttVarint();
    case 'string':
      return mqttString(r);
    case 'binary':
      return toHex(r.take(r.u16()), 256);
    case 'pair':
      return [mqttString(r), mqttString(r)];
  }
}
