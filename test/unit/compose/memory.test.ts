/** Compose history and snippets: bytes in memory, base64 in storage (the storage edge), earlier entries still read. */
import { describe, expect, it } from 'vitest';
import { createComposeMemory } from '../../../src/panel/compose/memory';

function fakeStorage(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  return { data, get: async (k: string) => data[k], set: async (k: string, v: unknown) => void (data[k] = structuredClone(v)) };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('compose memory', () => {
  it('stores binary payloads as base64 and gives them back as bytes; the same bytes are one history entry', async () => {
    const storage = fakeStorage();
    const m = createComposeMemory(storage);
    await m.load('ws://h:1/a');
    m.remember('ws://h:1/a', 'send', { opcode: 2, bytes: new Uint8Array([1, 2, 3]).buffer });
    m.remember('ws://h:1/a', 'send', { opcode: 2, bytes: new Uint8Array([1, 2, 3]).buffer });
    m.remember('ws://h:1/a', 'send', { opcode: 2, bytes: new Uint8Array([4]).buffer });
    await settle();
    expect((storage.data['sockscope.compose.history:ws://h:1'] as Array<{ payload: unknown }>).map((e) => e.payload)).toEqual([
      { opcode: 2, base64: 'BA==' },
      { opcode: 2, base64: 'AQID' },
    ]);
    const again = createComposeMemory(storage);
    await again.load('ws://h:1/b');
    expect(again.history.value.map((e) => (e.payload.opcode === 2 ? [...new Uint8Array(e.payload.bytes)] : e.payload.text))).toEqual([
      [4],
      [1, 2, 3],
    ]);
  });

  it('skips malformed stored entries instead of failing', async () => {
    const storage = fakeStorage({
      'sockscope.compose.snippets:ws://h:1': [
        { kind: 'snippet', name: 'ok', t: 1, payload: { opcode: 1, text: 'hi' } },
        { kind: 'snippet', payload: { opcode: 2, base64: '%%%' } },
        'junk',
        null,
      ],
    });
    const m = createComposeMemory(storage);
    await m.load('ws://h:1/');
    expect(m.snippets.value).toEqual([{ kind: 'snippet', name: 'ok', t: 1, payload: { opcode: 1, text: 'hi' } }]);
  });
});
