import { describe, expect, it } from 'vitest';
import { FIELD_NAMES, FILTER_HELP, parseFilter } from '../../../src/filter';

describe('FILTER_HELP', () => {
  it('documents every field', () => {
    const documented = FILTER_HELP.flatMap((e) => (e.field ? [e.field] : []));
    expect([...documented].sort()).toEqual([...FIELD_NAMES].sort());
  });

  it.each(FILTER_HELP.flatMap((e) => e.examples.map((x) => [e.syntax, x.query] as const)))('%s: example `%s` parses', (_syntax, query) => {
    const r = parseFilter(query);
    expect(r.ok ? 'ok' : r.error.message).toBe('ok');
  });

  it('documents each alias under an entry that accepts it', () => {
    for (const e of FILTER_HELP) {
      for (const alias of e.aliases ?? []) {
        const r = parseFilter(`${alias}:x`);
        expect(r.ok || r.error.code).not.toBe('unknown-field');
      }
    }
  });
});
