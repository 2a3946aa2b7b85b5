/**
 * MQTT 3.1.1 / 5 packets alone: several packets from mqtt-packet joined into
 * one message, then mutated (a flipped length byte is the interesting case),
 * decoded with the version unknown, 3.1.1 or 5.
 */
import fc from 'fast-check';
import { mqttDecoder } from '../../../src/decoders/mqtt';
import { MQTT_SEEDS, mutatedBytes } from '../../unit/decoders/fuzz-seeds';
import type { FuzzTarget } from '../target';
import { checkResult } from './decoders-text.fuzz';

const joined = fc
  .array(fc.constantFrom(...MQTT_SEEDS), { minLength: 1, maxLength: 6 })
  .map((ps) => Uint8Array.from(ps.flatMap((p) => [...p])));
/** The module's decoder, not the registry's guarded copy: a throw must fail the case. */
const decoder = mqttDecoder;

export const target: FuzzTarget<{ bytes: Uint8Array; version: 3 | 4 | 5 | undefined }> = {
  name: 'decoders.mqtt',
  arbitrary: fc.record({ bytes: mutatedBytes(joined), version: fc.constantFrom(undefined, 3 as const, 4 as const, 5 as const) }),
  run: ({ bytes, version }) =>
    checkResult(decoder.decode({ opcode: 2, bytes, hints: version === undefined ? {} : { mqttVersion: version } })),
  budgetMs: 50,
  budgetBytes: 32 * 1024 * 1024,
};
