/**
 * Reading untrusted JSON by path: each accessor returns the value or an
 * ImportError naming the JSON path, so a bad HAR or NDJSON line says
 * exactly where it is wrong (`log.entries[3]._webSocketMessages[12].opcode:
 * expected 1 or 2`).
 */
import type { ImportError } from './types';

export type Obj = Record<string, unknown>;

export class ShapeError {
  constructor(readonly error: ImportError) {}
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function bad(place: string, expected: string, got: unknown): ShapeError {
  const shown =
    typeof got === 'string'
      ? JSON.stringify(got.slice(0, 40))
      : Array.isArray(got)
        ? 'an array'
        : got === null
          ? 'null'
          : typeof got === 'object'
            ? 'an object'
            : String(got);
  return new ShapeError({ code: 'BAD_SHAPE', message: `${place}: expected ${expected}, got ${shown}`, place });
}

export function obj(v: unknown, place: string): Obj {
  if (!isObj(v)) throw bad(place, 'an object', v);
  return v;
}

export function arr(v: unknown, place: string): unknown[] {
  if (!Array.isArray(v)) throw bad(place, 'an array', v);
  return v;
}

export function str(o: Obj, key: string, place: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw bad(`${place}.${key}`, 'a string', v);
  return v;
}

export function num(o: Obj, key: string, place: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${place}.${key}`, 'a finite number', v);
  return v;
}

export function optStr(o: Obj, key: string, place: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, place);
}

export function optNum(o: Obj, key: string, place: string): number | undefined {
  return o[key] === undefined ? undefined : num(o, key, place);
}

export function optBool(o: Obj, key: string, place: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(`${place}.${key}`, 'true or false', v);
  return v;
}

export function oneOf<T extends string | number>(o: Obj, key: string, place: string, allowed: readonly T[]): T {
  const v = o[key];
  if (!allowed.includes(v as T)) throw bad(`${place}.${key}`, allowed.map((a) => JSON.stringify(a)).join(' or '), v);
  return v as T;
}

/** Runs a reader that throws ShapeError; turns it (and any other surprise) into a value. */
export function readShape<T>(read: () => T, fallbackPlace: string): { ok: true; value: T } | { ok: false; error: ImportError } {
  try {
    return { ok: true, value: read() };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: e.error };
    return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), place: fallbackPlace } };
  }
}

/** JSON.parse as a value; the place is the line and column when the engine reports a position. */
export function parseJson(text: string, placePrefix = ''): { ok: true; value: unknown } | { ok: false; error: ImportError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    let place = placePrefix || 'document';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      place = `${placePrefix ? `${placePrefix}, ` : ''}line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    return { ok: false, error: { code: 'NOT_JSON', message: `not JSON: ${message}`, place } };
  }
}
