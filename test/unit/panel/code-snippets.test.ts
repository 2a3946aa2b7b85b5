/**
 * Copy as code with hostile page data. The shell lines are run for real by
 * `sh` (dash) and `bash` with fake `websocat`/`wscat` programs first in PATH
 * that record their arguments and stdin byte for byte: the message and the
 * URL must arrive exactly, and nothing else may run (a `$(touch …)` in the
 * payload must create no file). The JavaScript snippet runs in a fresh VM
 * context against a fake WebSocket.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, test } from 'vitest';
import { bytesToBase64 } from '../../../src/model/base64';
import type { MessageRecord } from '../../../src/model/records';
import { isPlainText, jsSnippet, websocatLine, wscatLine } from '../../../src/panel/detail/code-snippets';
import type { Snippet } from '../../../src/panel/detail/code-snippets';
import { conn, msg } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'sockscope-snippets-'));
const bin = join(dir, 'bin');
const work = join(dir, 'work');
execFileSync('mkdir', ['-p', bin, work]);
for (const tool of ['websocat', 'wscat']) {
  const path = join(bin, tool);
  writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > "$SNIP_OUT/args"\ncat > "$SNIP_OUT/stdin"\n`);
  chmodSync(path, 0o755);
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a copied line in `shell` (from an empty directory) and returns what the fake tool got. */
function run(shell: 'sh' | 'bash', line: string): { args: string[]; stdin: Buffer } {
  // Fed on stdin, as a paste reaches the shell (a 1 MiB line is more than one `sh -c` argument may hold).
  execFileSync(shell, [], {
    input: line,
    cwd: work,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, SNIP_OUT: dir },
    stdio: ['pipe', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(readdirSync(work)).toEqual([]); // nothing the page chose ran
  const args = readFileSync(join(dir, 'args')).toString('utf8').split('\0').slice(0, -1);
  return { args, stdin: readFileSync(join(dir, 'stdin')) };
}

const text = (data: string) => msg(1, { data, size: new TextEncoder().encode(data).length });
const binary = (bytes: Uint8Array) => msg(1, { opcode: 2, data: bytesToBase64(bytes), size: bytes.length });
const HOSTILE_URL = 'ws://127.0.0.1:9/p\'ath?q=$(touch url-ran)&b=`touch tick-ran`;echo "x"';
const c = conn('c1', { url: HOSTILE_URL, protocols: ['chat', '-x', 'v2.json'] });
const ok = (s: Snippet): string => {
  if (!s.ok) throw new Error(`unavailable: ${s.why}`);
  // Whatever the payload, the pasted line holds no control character a terminal would act on.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s.text)).toBe(false);
  return s.text;
};

const TEXTS: [string, string][] = [
  ['quotes', `it's "quoted" '' \\' end'`],
  ['quote breakout', "'; touch quote-ran; echo '"],
  ['command substitution', '$(touch dollar-ran) `touch tick-ran` ; touch semi-ran # && touch amp-ran | cat'],
  ['newlines', 'line one\nline two\r\n\n'],
  ['printf specials', '100% \\n \\x41 \\0 %s %d %%'],
  ['escape sequences', '\u001b]0;owned\u0007\u001b[2J\u0003\u0004'],
  ['bidi override', 'user\u202e\u2066txt.exe'],
  ['lone surrogate', 'a\ud800b\udc00c'],
  ['unicode', 'héllo 😀 中文'],
  ['long', `${"'$(x)'\n".repeat(40_000)}end`],
  ['empty', ''],
];

describe.each(['sh', 'bash'] as const)('websocat line run by %s', (shell) => {
  test.each(TEXTS)('text: %s arrives byte for byte, URL and subprotocols too', (_, data) => {
    const rec = text(data);
    const got = run(shell, ok(websocatLine(c, rec)));
    const expected = Buffer.concat([Buffer.from(new TextEncoder().encode(data)), Buffer.from([0])]);
    expect(got.stdin.equals(expected)).toBe(true);
    expect(got.args.at(-1)).toBe(HOSTILE_URL);
    expect(got.args).toContain('--protocol=chat, -x, v2.json');
    expect(got.args.slice(0, 2)).toEqual(['-n1', '-0']);
  });

  test('binary: non-UTF-8 bytes and 200 kB go as one base64 line websocat decodes', () => {
    for (const bytes of [
      Uint8Array.from([0xff, 0xfe, 0, 0x80, 0x27, 0x5c, 0x0a, 0x25]),
      new Uint8Array(200_000).map((_, i) => (i * 7) & 255),
    ]) {
      const got = run(shell, ok(websocatLine(c, binary(bytes))));
      const line = got.stdin.toString('latin1');
      expect(line.startsWith('b:') && line.endsWith('\n')).toBe(true);
      expect(Buffer.from(line.slice(2, -1), 'base64').equals(Buffer.from(bytes))).toBe(true);
      expect(got.args).toContain('--binary-prefix=b:');
    }
  });
});

describe.each(['sh', 'bash'] as const)('wscat line run by %s', (shell) => {
  test.each(TEXTS.filter(([, d]) => !d.endsWith('\n') && d.length < 100_000))('text: %s arrives as one exact argument', (_, data) => {
    const got = run(shell, ok(wscatLine(c, text(data))));
    const arg = got.args.find((a) => a.startsWith('--execute='));
    expect(Buffer.from(arg?.slice('--execute='.length) ?? '', 'utf8').equals(Buffer.from(new TextEncoder().encode(data)))).toBe(true);
    expect(got.args).toContain(`--connect=${HOSTILE_URL}`);
    expect(got.args.filter((a) => a.startsWith('--subprotocol='))).toEqual([
      '--subprotocol=chat',
      '--subprotocol=-x',
      '--subprotocol=v2.json',
    ]);
  });
});

describe('what cannot be carried is said, not mangled', () => {
  test('NUL in text, binary for wscat, a trailing newline with controls, an oversized argument', () => {
    expect(websocatLine(c, text('a\u0000b'))).toMatchObject({ ok: false, why: expect.stringMatching(/NUL/) });
    expect(wscatLine(c, text('a\u0000b'))).toMatchObject({ ok: false, why: expect.stringMatching(/NUL/) });
    expect(wscatLine(c, binary(Uint8Array.of(1)))).toMatchObject({ ok: false, why: 'wscat sends text messages only' });
    expect(wscatLine(c, text('a\tb\n'))).toMatchObject({ ok: false, why: expect.stringMatching(/trailing newline/) });
    expect(wscatLine(c, text('x'.repeat(200_000)))).toMatchObject({ ok: false, why: expect.stringMatching(/too long/) });
    expect(websocatLine(c, msg(1, { opcode: 2, data: 'not*base64' })).ok).toBe(false);
    expect(websocatLine(undefined, text('x')).ok).toBe(false);
  });

  test('plain text: printable only', () => {
    expect(isPlainText('héllo 😀 "$(x)"')).toBe(true);
    for (const s of ['a\nb', '\u001b', '\u0085', '\u202e', '\ud800', 'x\udc00', '\u2028']) expect(isPlainText(s)).toBe(false);
  });

  test('connection lines connect without sending', () => {
    const got = run('sh', ok(websocatLine(c)));
    expect(got.args).toEqual(['--protocol=chat, -x, v2.json', HOSTILE_URL]);
    expect(run('sh', ok(wscatLine(conn('c2', { url: 'wss://h/s' })))).args).toEqual(['--connect=wss://h/s']);
  });
});

/** Runs a JS snippet against a fake WebSocket: what it opened and what it sent. */
function runJs(code: string): { url: string; protocols: unknown; sent: unknown } {
  const seen: { url: string; protocols: unknown; sent: unknown } = { url: '', protocols: undefined, sent: undefined };
  class FakeSocket {
    binaryType = 'blob';
    onopen: (() => void) | null = null;
    onmessage: ((e: { data: unknown }) => void) | null = null;
    constructor(url: string, protocols?: unknown) {
      seen.url = url;
      seen.protocols = protocols;
      queueMicrotask(() => this.onopen?.());
    }
    send(d: unknown) {
      seen.sent = d;
    }
  }
  const atob = (s: string) => Buffer.from(s, 'base64').toString('latin1');
  runInNewContext(`${code}\nsocketReady = new Promise((r) => queueMicrotask(r));`, {
    WebSocket: FakeSocket,
    Uint8Array,
    atob,
    console,
    queueMicrotask,
  });
  return seen;
}

describe('JavaScript snippet', () => {
  test.each(TEXTS)('text: %s is sent exactly, on the same URL and subprotocols', async (_, data) => {
    const seen = runJs(ok(jsSnippet(c, text(data))));
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.url).toBe(HOSTILE_URL);
    expect(seen.protocols).toEqual(['chat', '-x', 'v2.json']);
    expect(seen.sent).toBe(data);
  });

  test('binary: a Uint8Array literal, and base64 decoded in place past 4 KiB', async () => {
    for (const bytes of [Uint8Array.from([0, 255, 39, 92]), new Uint8Array(10_000).map((_, i) => i & 255)]) {
      const seen = runJs(ok(jsSnippet(conn('c3', { url: 'ws://h/' }), binary(bytes))));
      await new Promise((r) => setTimeout(r, 0));
      expect(seen.protocols).toBeUndefined();
      expect(Buffer.from(seen.sent as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    }
  });
});

// Keep the helper honest: a record for a truncated message copies the stored part.
test('a truncated record copies what was stored', () => {
  const rec: MessageRecord = { ...text('abc'), size: 10, truncated: true };
  expect(existsSync(dir)).toBe(true);
  expect(ok(websocatLine(c, rec))).toContain("'abc'");
});
