import { describe, expect, it } from 'vitest';
import { readSavedFilters, removeSavedFilter, serializeSavedFilters, upsertSavedFilter } from '../../../src/filter';

const LIST = [
  { name: 'errors', query: '/err(or)?s?/i' },
  { name: 'no heartbeats', query: '-is:heartbeat' },
];

describe('saved filters', () => {
  it('round-trips through a string and through a parsed object', () => {
    const s = serializeSavedFilters(LIST);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(readSavedFilters(s.value)).toEqual({ ok: true, filters: LIST });
    expect(readSavedFilters(JSON.parse(s.value))).toEqual({ ok: true, filters: LIST });
  });

  it('keeps a query that no longer parses (the panel shows its error where it is used)', () => {
    expect(readSavedFilters({ v: 1, filters: [{ name: 'old', query: 'size:huge' }] }).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{oops', 'not valid JSON'],
    ['an array', [], 'expected an object'],
    ['null', null, 'expected an object'],
    ['a wrong version', { v: 2, filters: [] }, 'unsupported version 2'],
    ['no version', { filters: [] }, 'unsupported version'],
    ['filters not a list', { v: 1, filters: {} }, 'must be an array'],
    ['an entry that is not an object', { v: 1, filters: ['x'] }, '#1: expected'],
    ['an empty name', { v: 1, filters: [{ name: ' ', query: 'a' }] }, '`name` must be a non-empty string'],
    ['a numeric query', { v: 1, filters: [{ name: 'a', query: 5 }] }, '`query` must be a string'],
    [
      'a duplicate name',
      {
        v: 1,
        filters: [
          { name: 'a', query: 'x' },
          { name: 'a', query: 'y' },
        ],
      },
      '#2: duplicate name',
    ],
    ['a huge query', { v: 1, filters: [{ name: 'a', query: 'x'.repeat(5000) }] }, 'longer than'],
    ['too many entries', { v: 1, filters: Array.from({ length: 201 }, (_, i) => ({ name: `f${i}`, query: '' })) }, 'more than 200'],
  ])('rejects %s', (_label, stored, message) => {
    const r = readSavedFilters(stored);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('refuses to serialize an invalid list', () => {
    expect(serializeSavedFilters([{ name: '', query: 'a' }]).ok).toBe(false);
  });

  it('upserts by name and removes, without mutating', () => {
    const added = upsertSavedFilter(LIST, { name: 'big', query: 'size:>1m' });
    expect(added.map((f) => f.name)).toEqual(['errors', 'no heartbeats', 'big']);
    const replaced = upsertSavedFilter(added, { name: 'errors', query: 'error' });
    expect(replaced[0]).toEqual({ name: 'errors', query: 'error' });
    expect(LIST[0]?.query).toBe('/err(or)?s?/i');
    expect(removeSavedFilter(replaced, 'big').map((f) => f.name)).toEqual(['errors', 'no heartbeats']);
  });
});
