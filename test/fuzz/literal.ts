/**
 * Prints a fuzz input as TypeScript that can be pasted into a unit test:
 * bytes as hex (`Uint8Array.from(Buffer.from('8105…', 'hex'))`), strings and
 * plain data as JSON, with the values JSON cannot hold (`-0`, `NaN`, `undefined`,
 * bigints, typed arrays) spelled out.
 */

/** Past this, a literal is cut (and says so): a terminal full of hex helps nobody. */
const MAX_CHARS = 4000;

export function toLiteral(value: unknown): string {
  const text = literal(value, 0);
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)} /* …${text.length - MAX_CHARS} more characters */` : text;
}

function literal(v: unknown, depth: number): string {
  if (depth > 40) return 'undefined /* nested too deeply to print */';
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number')
    return Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  if (typeof v === 'string' && v.length > 16 && v === (v[0] ?? '').repeat(v.length)) return `${JSON.stringify(v[0])}.repeat(${v.length})`;
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (v instanceof Uint8Array && v.length > 16 && v.every((b) => b === v[0]))
    return `new Uint8Array(${v.length}).fill(0x${(v[0] ?? 0).toString(16)})`;
  if (v instanceof Uint8Array)
    return `Uint8Array.from(Buffer.from('${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}', 'hex'))`;
  if (v instanceof ArrayBuffer) return `${literal(new Uint8Array(v), depth)}.buffer`;
  if (ArrayBuffer.isView(v))
    return `new ${v.constructor.name}(${literal(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), depth)}.buffer)`;
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, depth + 1)).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${literal(x, depth + 1)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(String(v));
}
