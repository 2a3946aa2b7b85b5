import { describe, expect, it } from 'vitest';
import fixtures from '../fixtures/websocket-frames.json';

describe('fixtures', () => {
  it('has the RFC vectors copied into the project', () => {
    expect(fixtures.valid.length).toBeGreaterThan(0);
  });
});
