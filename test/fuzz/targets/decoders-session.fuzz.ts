/**
 * Decode sessions (per-connection state, src/decoders/session.ts): MQTT
 * packets from mqtt-packet joined into one byte stream and cut into messages
 * at random points (both directions interleaved), Socket.IO text packets
 * announcing attachments followed by binary messages, and junk between them.
 * Every message must get a result; a stream's buffers must stay bounded
 * (the heap budget catches a buffer that grows with every message).
 */
import fc from 'fast-check';
import { createDecodeSession } from '../../../src/decoders/session';
import type { DecodeInput } from '../../../src/decoders/types';
import { binaryMessage, MQTT_SEEDS, mutatedBytes, TEXT_SEEDS } from '../../unit/decoders/fuzz-seeds';
import type { FuzzTarget } from '../target';
import { checkResult } from './decoders-text.fuzz';

type Step = { dir: 'in' | 'out'; input: DecodeInput };

/** An MQTT byte stream cut into messages at random points. */
const mqttSteps = fc
  .tuple(
    mutatedBytes(
      fc.array(fc.constantFrom(...MQTT_SEEDS), { minLength: 1, maxLength: 8 }).map((ps) => Uint8Array.from(ps.flatMap((p) => [...p]))),
    ),
    fc.array(fc.nat(), { maxLength: 6 }),
    fc.constantFrom('in' as const, 'out' as const),
  )
  .map(([stream, cuts, dir]): Step[] => {
    const at = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % stream.length)))].sort((a, b) => a - b);
    return [0, ...at].map((start, i) => ({
      dir,
      input: { opcode: 2, bytes: stream.slice(start, at[i] ?? stream.length), url: 'wss://x/mqtt' },
    }));
  });

const SIO = 'wss://x/socket.io/?EIO=4&transport=websocket';
const sioSteps = fc
  .tuple(
    fc.constantFrom(
      ...TEXT_SEEDS.filter((t) => /^\d/.test(t)),
      '451-["up",{"_placeholder":true,"num":0}]',
      '462-["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
    ),
    fc.array(binaryMessage, { maxLength: 3 }),
  )
  .map(([text, bins]): Step[] => [
    { dir: 'in', input: { opcode: 1, text, url: SIO } },
    ...bins.map((bytes): Step => ({ dir: 'in', input: { opcode: 2, bytes, url: SIO } })),
  ]);

export const target: FuzzTarget<{ steps: Step[][]; override: string | undefined }> = {
  name: 'decoders.session',
  arbitrary: fc.record({
    steps: fc.array(fc.oneof(mqttSteps, sioSteps), { minLength: 1, maxLength: 6 }),
    override: fc.constantFrom(undefined, 'mqtt', 'socketio'),
  }),
  run: ({ steps, override }) => {
    const session = createDecodeSession();
    return steps.flat().map((s) => checkResult(session.decode(s.input, s.dir, override)));
  },
  budgetMs: 50,
  budgetBytes: 32 * 1024 * 1024,
};
