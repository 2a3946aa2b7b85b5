import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportHar, exportHarText } from '../../../src/export';
import { importHar } from '../../../src/import';
import { sampleCapture } from './sample';
import { PAGE_SENDS, SERVER_SENDS, stored } from '../../fixtures/har/playwright-messages';

// HAR 1.2 JSON schemas (har-schema) checked with ajv 6, in tests only: ajv compiles
// validators with new Function, which shipped code must never do.
const require = createRequire(import.meta.url);
interface Ajv6 {
  addSchema(schema: object, key: string): void;
  addMetaSchema(schema: object): void;
  validate(ref: string, data: unknown): boolean;
  errorsText(): string;
}
const Ajv = require('ajv') as new (opts: object) => Ajv6;
const schemas = require('har-schema') as Record<string, object & { $id?: string }>;

function harValidator(): (data: unknown) => string | null {
  const ajv = new Ajv({ allErrors: true, schemaId: 'auto' });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json') as object);
  for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema, `${name}.json`);
  return (data) => (ajv.validate('har.json', data) ? null : ajv.errorsText());
}

describe('HAR export', () => {
  const { connections, messages } = sampleCapture();

  it('is valid HAR 1.2 (har-schema), redacted and not', () => {
    const validate = harValidator();
    expect(validate(exportHar(connections, messages))).toBeNull();
    expect(validate(exportHar(connections, messages, { redact: { enabled: false } }))).toBeNull();
    expect(validate({ log: { version: '1.2', entries: [{}] } })).not.toBeNull(); // the validator can fail
  }, 20_000); // compiling the schemas takes ~1 s alone

  it('writes entries the way Chrome does', () => {
    const har = exportHar(connections, messages, { redact: { enabled: false } });
    const entry = har.log.entries[0]!;
    expect(entry._resourceType).toBe('websocket');
    expect(entry.response.status).toBe(101);
    const [first, , binary] = entry._webSocketMessages;
    expect(first).toMatchObject({ type: 'send', opcode: 1, time: messages[0]!.t / 1000 });
    expect(binary).toMatchObject({ type: 'send', opcode: 2, data: messages[2]!.data });
    expect(entry._sockscope).toMatchObject({ closedBy: 'page', close: { code: 4001, wasClean: true }, frameUrl: connections[0]!.frameUrl });
    expect(entry._webSocketMessages[4]!._sockscope?.origin).toBe('resent');
    expect(entry._webSocketMessages[6]!._sockscope).toMatchObject({ truncated: true, size: 2_000_000 });
    expect(har.log.entries[2]!.response.status).toBe(403);
  });

  it('round-trips through import: every record equal', () => {
    const text = exportHarText(connections, messages, { redact: { enabled: false } });
    const r = importHar(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.messages).toEqual(messages);
    expect(r.value.connections).toEqual(connections);
  });

  it('keeps only the connections passed (a selection)', () => {
    const har = exportHar([connections[1]!], messages);
    expect(har.log.entries).toHaveLength(1);
    expect(har.log.entries[0]!._webSocketMessages).toHaveLength(4);
  });
});

describe('HAR import', () => {
  it("reads a HAR in Chrome's shape (no Sockscope facts)", () => {
    const r = importHar(readFileSync(new URL('../../fixtures/har/chrome-websocket.har', import.meta.url), 'utf8'));
    if (!r.ok) throw new Error(r.error.message);
    const { connections, messages } = r.value;
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({ url: 'wss://echo.example/socket?x=1', protocol: 'chat', extensions: 'permessage-deflate' });
    expect(messages.map((m) => [m.dir, m.opcode, m.size, m.data])).toEqual([
      ['out', 1, 5, 'hello'],
      ['in', 1, 5, 'hello'],
      ['out', 2, 3, 'AQID'],
    ]);
    expect(messages[0]!.t).toBeCloseTo(1764000000123.456, 3);
    expect(connections[0]!.sent).toEqual({ messages: 2, bytes: 8 });
  });

  it('reads a HAR Playwright recorded from real Chromium traffic (times in ms): every message as each peer sent it', () => {
    // Made by test/e2e/third-party-har.e2e.ts (SOCKSCOPE_WRITE_FIXTURE=1), which also checks a fresh one each run.
    const text = readFileSync(new URL('../../fixtures/har/playwright-chromium.har', import.meta.url), 'utf8');
    const r = importHar(text);
    if (!r.ok) throw new Error(`${r.error.place}: ${r.error.message}`);
    const { connections, messages } = r.value;
    expect(connections).toHaveLength(1);
    const pick = (dir: 'in' | 'out') => messages.filter((m) => m.dir === dir).map((m) => ({ opcode: m.opcode, data: m.data }));
    expect(pick('out')).toEqual(PAGE_SENDS.map(stored));
    expect(pick('in')).toEqual(SERVER_SENDS.map(stored));
    const entry = (JSON.parse(text) as { log: { entries: { _resourceType?: string; startedDateTime: string }[] } }).log.entries.find(
      (e) => e._resourceType === 'websocket',
    )!;
    const started = Date.parse(entry.startedDateTime);
    for (const m of messages) expect(Math.abs(m.t - started)).toBeLessThan(60_000);
  });

  it('says so when a HAR has no WebSocket messages (Firefox)', () => {
    const r = importHar(readFileSync(new URL('../../fixtures/har/firefox-no-messages.har', import.meta.url), 'utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'NO_WEBSOCKET_MESSAGES', place: 'log.entries' });
    if (!r.ok) expect(r.error.message).toMatch(/Firefox/);
  });

  it('names the JSON path of a bad field', () => {
    const sample = sampleCapture();
    const har = exportHar(sample.connections, sample.messages);
    (har.log.entries[1]!._webSocketMessages[2] as { opcode: number }).opcode = 9;
    const r = importHar(JSON.stringify(har));
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_SHAPE', place: 'log.entries[1]._webSocketMessages[2].opcode' } });
    if (!r.ok) expect(r.error.message).toBe('log.entries[1]._webSocketMessages[2].opcode: expected 1 or 2, got 9');
  });

  it('reports JSON syntax errors (line and column when the engine gives a position), never throws', () => {
    // V8 in Node 20 names the position for some syntax errors only.
    expect(importHar('{\n  "log": [}')).toMatchObject({ ok: false, error: { code: 'NOT_JSON' } });
    expect(importHar('{\n  "log": 1 x')).toMatchObject({ ok: false, error: { code: 'NOT_JSON', place: 'line 2, column 12' } });
    for (const bad of ['', 'null', '[]', '{"log":{}}', '{"log":{"entries":[1]}}', '{"log":{"entries":[{"_resourceType":"websocket"}]}}']) {
      const r = importHar(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.place.length).toBeGreaterThan(0);
    }
  });
});
