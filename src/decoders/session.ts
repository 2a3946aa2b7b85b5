/**
 * Per-connection decoding state, for messages fed in arrival order:
 * - MQTT: the version negotiated by CONNECT, and packets split across messages;
 * - Socket.IO: binary attachments that follow a `451-[…]` event.
 * Everything else is stateless and goes straight to the registry.
 */
import { decodeMqttPackets } from './mqtt';
import type { MqttVersion } from './mqtt-packet';
import { splitMqttFrames } from './mqtt-packet';
import { decodeMessage, detectProtocol } from './registry';
import { SocketIoAttachments } from './socketio-attachments';
import type { Decoded, DecodeInput, DecodeResult } from './types';
import { ok } from './util';

export interface DecodeSession {
  /** `dir` keeps the two directions' partial state apart. */
  decode(input: DecodeInput, dir?: 'in' | 'out', override?: string): DecodeResult;
}

export function createDecodeSession(): DecodeSession {
  let mqttVersion: MqttVersion | undefined;
  const mqttTail = new Map<string, Uint8Array>();
  const attachments = new Map<string, SocketIoAttachments>();

  function decodeMqtt(input: DecodeInput, dir: string): DecodeResult {
    const prev = mqttTail.get(dir);
    const chunk = input.bytes ?? new Uint8Array(0);
    const bytes = prev ? concat(prev, chunk) : chunk;
    let tail: number;
    try {
      tail = splitMqttFrames(bytes).tail;
    } catch {
      mqttTail.delete(dir);
      return decodeMessage(input);
    }
    if (tail < bytes.length) mqttTail.set(dir, bytes.slice(tail));
    else mqttTail.delete(dir);
    if (tail === 0) {
      return ok({ protocol: 'mqtt', kind: 'fragment', summary: `MQTT partial packet (${bytes.length} bytes buffered)`, fields: [] });
    }
    const result = decodeMqttPackets(bytes.subarray(0, tail), mqttVersion);
    if (result.ok) {
      const units: Decoded[] = result.decoded.parts ?? [result.decoded];
      for (const u of units) if (u.kind === 'CONNECT') mqttVersion = Number(u.fields.find((f) => f.name === 'version')?.value) as MqttVersion;
    }
    return result;
  }

  return {
    decode(input, dir = 'in', override) {
      const protocol = override ?? detectProtocol(input.subprotocol, input.url);
      if (protocol === 'mqtt' && input.opcode === 2) return decodeMqtt(input, dir);
      if (protocol === 'socketio') {
        let tracker = attachments.get(dir);
        if (!tracker) attachments.set(dir, (tracker = new SocketIoAttachments()));
        if (input.opcode === 2) {
          const attached = tracker.attach(input.bytes ?? new Uint8Array(0));
          if (attached) return ok(attached);
        } else {
          const result = decodeMessage(input, { override });
          if (result.ok) tracker.note(result.decoded);
          return result;
        }
      }
      return decodeMessage(input, { override, });
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
