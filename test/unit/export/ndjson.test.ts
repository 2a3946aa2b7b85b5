import { describe, expect, it } from 'vitest';
import { exportNdjson } from '../../../src/export';
import { importNdjson } from '../../../src/import';
import { sampleCapture } from './sample';

describe('NDJSON', () => {
  const { connections, messages } = sampleCapture();

  it('writes one self-contained line per message', () => {
    const text = exportNdjson(connections, messages, {
      redact: { enabled: false },
      summarize: (m) => (m.id === 1 ? 'socket.io EVENT "auth"' : null),
    });
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(messages.length);
    expect(lines[0]).toMatchObject({
      conn: 'h1:1',
      url: connections[0]!.url,
      id: 1,
      dir: 'out',
      opcode: 1,
      decoded: 'socket.io EVENT "auth"',
      time: new Date(messages[0]!.t).toISOString(),
    });
    expect(lines[2]).toMatchObject({ opcode: 2, base64: messages[2]!.data, carrier: 'Uint8Array' });
    expect(lines[2]).not.toHaveProperty('text');
    expect(lines[4]).toMatchObject({ origin: 'resent' });
    expect(lines[6]).toMatchObject({ truncated: true, size: 2_000_000 });
  });

  it('round-trips payload bytes, times, directions and marks', () => {
    const r = importNdjson(exportNdjson(connections, messages, { redact: { enabled: false } }));
    if (!r.ok) throw new Error(r.error.message);
    // NDJSON carries no buffered amount (a sender detail): everything else comes back.
    expect(r.value.messages).toEqual(messages.map(({ buffered: _b, ...m }) => m));
    expect(r.value.connections.map((c) => [c.id, c.url, c.sent.messages, c.received.messages])).toEqual([
      ['h1:1', connections[0]!.url, 4, 3],
      ['h1:2', connections[1]!.url, 2, 2],
    ]);
  });

  it('names the line and field of a bad line, never throws', () => {
    const text = exportNdjson(connections, messages).split('\n');
    text[3] = text[3]!.replace('"dir":"in"', '"dir":"sideways"');
    expect(importNdjson(text.join('\n'))).toMatchObject({ ok: false, error: { code: 'BAD_SHAPE', place: 'line 4.dir' } });
    expect(importNdjson('{"conn":')).toMatchObject({ ok: false, error: { code: 'NOT_JSON' } });
    expect(importNdjson('')).toMatchObject({ ok: false, error: { code: 'NO_WEBSOCKET_MESSAGES' } });
    expect(importNdjson('[1]\n')).toMatchObject({ ok: false, error: { place: 'line 1' } });
  });
});
