import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../../src/decoders/registry';
import type { Decoded } from '../../../src/decoders/types';
import { createPairer } from '../../../src/pairing/pairing';

const d = (text: string, url?: string): Decoded => {
  const r = decodeMessage({ opcode: 1, text, url });
  if (!r.ok) throw new Error(r.reason);
  return r.decoded;
};
const SIO = '/socket.io/?EIO=4&transport=websocket';

describe('pairing', () => {
  it('pairs live, computes latency, and lists unanswered requests', () => {
    const p = createPairer();
    p.add({ id: 1, dir: 'out', t: 100, decoded: d('421["a",1]', SIO) });
    p.add({ id: 2, dir: 'out', t: 110, decoded: d('422["b",2]', SIO) });
    const answered = p.add({ id: 3, dir: 'in', t: 135, decoded: d('431[true]', SIO) });
    expect(answered.map((e) => [e.key, e.latency])).toEqual([['sio:/#1', 35]]);
    expect(p.unanswered().map((e) => e.request.id)).toEqual([2]);
    expect(p.unanswered(210, 100).map((e) => e.request.id)).toEqual([2]);
    expect(p.unanswered(150, 100)).toEqual([]);
    expect(p.exchangeOf(3)?.request.id).toBe(1);
  });

  it('scopes keys by direction and namespace', () => {
    const p = createPairer();
    p.add({ id: 1, dir: 'in', t: 0, decoded: d('421["server asks"]', SIO) });
    p.add({ id: 2, dir: 'in', t: 1, decoded: d('431["not an answer to the server itself"]', SIO) });
    expect(p.exchanges()[0]?.responses).toEqual([]);
    p.add({ id: 3, dir: 'out', t: 2, decoded: d('42/chat,1["x"]', SIO) });
    p.add({ id: 4, dir: 'in', t: 3, decoded: d('43/chat,1[]', SIO) });
    expect(p.exchangeOf(4)?.request.id).toBe(3);
    p.add({ id: 5, dir: 'out', t: 4, decoded: d('431["client answers"]', SIO) });
    expect(p.exchangeOf(5)?.request.id).toBe(1);
  });

  it('keeps streaming exchanges open until a final response, and JSON-RPC batches pair per id', () => {
    const p = createPairer();
    p.add({ id: 1, dir: 'out', t: 0, decoded: d('{"type":"subscribe","id":"s1","payload":{"query":"subscription { x }"}}') });
    p.add({ id: 2, dir: 'in', t: 5, decoded: d('{"type":"next","id":"s1","payload":{"data":{"x":1}}}') });
    expect(p.exchanges()[0]).toMatchObject({ done: false, latency: 5 });
    p.add({ id: 3, dir: 'in', t: 9, decoded: d('{"type":"complete","id":"s1"}') });
    expect(p.exchanges()[0]).toMatchObject({
      done: true,
      responses: [
        { id: 2, t: 5 },
        { id: 3, t: 9 },
      ],
    });

    p.add({ id: 4, dir: 'out', t: 10, decoded: d('[{"jsonrpc":"2.0","method":"a","id":1},{"jsonrpc":"2.0","method":"b","id":2}]') });
    p.add({ id: 5, dir: 'in', t: 20, decoded: d('[{"jsonrpc":"2.0","result":"B","id":2},{"jsonrpc":"2.0","result":"A","id":1}]') });
    expect(
      p
        .exchanges()
        .slice(1)
        .map((e) => [e.key, e.latency, e.done]),
    ).toEqual([
      ['jsonrpc:1', 10, true],
      ['jsonrpc:2', 10, true],
    ]);
  });

  it('marks a request superseded when its key is reused before an answer', () => {
    const p = createPairer();
    p.add({ id: 1, dir: 'out', t: 0, decoded: d('{"jsonrpc":"2.0","method":"a","id":1}') });
    p.add({ id: 2, dir: 'out', t: 1, decoded: d('{"jsonrpc":"2.0","method":"a","id":1}') });
    p.add({ id: 3, dir: 'in', t: 2, decoded: d('{"jsonrpc":"2.0","result":0,"id":1}') });
    expect(p.exchanges().map((e) => [e.request.id, e.superseded ?? false, e.responses.length])).toEqual([
      [1, true, 0],
      [2, false, 1],
    ]);
    expect(p.unanswered()).toEqual([]);
  });
});
