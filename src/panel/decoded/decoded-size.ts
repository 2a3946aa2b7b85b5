/**
 * A rough size in bytes of a decoded message as it sits in the decode cache
 * (its value, field tree and parts), so the cache can be capped by memory and
 * not only by count: one decoded 1 MiB JSON message weighs as much as
 * thousands of small ones. UTF-16 strings count 2 bytes a character; every
 * object, array and entry a flat overhead. Iterative, with a node budget: the
 * estimate must cost less than the decoding it measures.
 */
import type { Decoded, DecodedField } from '../../decoders/types';

const NODE = 32;
const MAX_NODES = 1_000_000;

export function estimateValueSize(value: unknown): number {
  let bytes = 0;
  let nodes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && nodes++ < MAX_NODES) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 16 + v.length * 2;
    else if (v instanceof Uint8Array) bytes += NODE + v.byteLength;
    else if (Array.isArray(v)) {
      bytes += NODE + v.length * 8;
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        bytes += NODE + k.length * 2;
        stack.push((v as Record<string, unknown>)[k]);
      }
      bytes += NODE;
    } else bytes += 8;
  }
  return bytes;
}

function fieldsSize(fields: readonly DecodedField[] | undefined): number {
  let bytes = 0;
  const stack: DecodedField[] = [...(fields ?? [])];
  for (let f = stack.pop(); f; f = stack.pop()) {
    bytes += NODE * 2 + f.name.length * 2 + (f.value?.length ?? 0) * 2;
    if (f.children) for (const c of f.children) stack.push(c);
  }
  return bytes;
}

export function estimateDecodedSize(d: Decoded): number {
  // Parts share their values with the top level (combineParts copies the first unit's).
  let bytes = NODE * 4 + d.summary.length * 2 + fieldsSize(d.fields) + estimateValueSize(d.value);
  for (const p of d.parts ?? [])
    bytes += NODE * 4 + p.summary.length * 2 + fieldsSize(p.fields) + (p.value === d.value ? 0 : estimateValueSize(p.value));
  return bytes;
}
