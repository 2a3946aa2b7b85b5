import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../src/relay/outbox';

describe('Outbox', () => {
  it('numbers batches and keeps them until a cumulative ack', () => {
    const o = new Outbox<string>();
    expect(['a', 'b', 'c'].map((p) => o.add(p).seq)).toEqual([1, 2, 3]);
    o.ack(2);
    expect(o.unacknowledged().map((i) => i.payload)).toEqual(['c']);
    o.ack(1); // late, stale ack changes nothing
    expect(o.size).toBe(1);
    o.ack(3);
    expect(o.size).toBe(0);
    expect(o.add('d').seq).toBe(4);
  });
});
