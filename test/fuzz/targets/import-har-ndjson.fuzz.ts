/**
 * The HAR and NDJSON importers on damaged files: Sockscope's own export of
 * the sample capture and the Chrome-shaped fixture, with JSON values
 * replaced at random paths, text mutated byte-wise, and arbitrary JSON.
 * They must return a session or an error with a place, never throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { exportHarText, exportNdjson } from '../../../src/export';
import { importHar, importNdjson } from '../../../src/import';
import type { FuzzTarget } from '../target';
import { sampleCapture } from '../../unit/export/sample';

const sample = sampleCapture();
const small = sample.messages.filter((m) => m.data.length < 2000);
const HARS = [
  exportHarText(sample.connections, small),
  readFileSync(new URL('../../fixtures/har/chrome-websocket.har', import.meta.url), 'utf8'),
];
const NDJSON = exportNdjson(sample.connections, small);

/** Replace the value at a path chosen by `pick` with `value`. */
function replaceAt(doc: unknown, pick: number[], value: unknown): unknown {
  if (pick.length === 0 || typeof doc !== 'object' || doc === null) return value;
  const keys = Object.keys(doc);
  if (keys.length === 0) return value;
  const key = keys[pick[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(doc)
    ? ([...doc] as unknown as Record<string, unknown>)
    : { ...(doc as Record<string, unknown>) };
  copy[key] = replaceAt((doc as Record<string, unknown>)[key], pick.slice(1), value);
  return copy;
}

type Input = { kind: 'har' | 'ndjson'; text: string };

const text = new TextDecoder();
const enc = new TextEncoder();

export const target: FuzzTarget<Input> = {
  name: 'import.har-ndjson',
  arbitrary: fc.oneof(
    fc
      .record({ base: fc.constantFrom(...HARS), pick: fc.array(fc.nat(), { maxLength: 8 }), value: fc.jsonValue() })
      .map(({ base, pick, value }) => ({ kind: 'har' as const, text: JSON.stringify(replaceAt(JSON.parse(base), pick, value)) })),
    fc
      .record({ base: fc.constantFrom(...HARS), at: fc.nat(), junk: fc.string({ maxLength: 8 }) })
      .map(({ base, at, junk }) => ({ kind: 'har' as const, text: base.slice(0, at % base.length) + junk + base.slice(at % base.length) })),
    fc.jsonValue().map((v) => ({ kind: 'har' as const, text: JSON.stringify(v) ?? '' })),
    fc.record({ at: fc.nat(), junk: fc.uint8Array({ maxLength: 8 }) }).map(({ at, junk }) => {
      const b = enc.encode(NDJSON);
      const i = at % b.length;
      return { kind: 'ndjson' as const, text: text.decode(Uint8Array.from([...b.subarray(0, i), ...junk, ...b.subarray(i)])) };
    }),
  ),
  run({ kind, text: input }) {
    const r = kind === 'har' ? importHar(input) : importNdjson(input);
    if (!r.ok && r.error.place.length === 0) throw new Error(`error without a place: ${r.error.message}`);
    return r;
  },
  budgetMs: 200,
};
