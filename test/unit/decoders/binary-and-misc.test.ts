import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cborg';
import { deflateSync, gzipSync, zlibSync, strToU8 } from 'fflate';
import { DECODERS, decodeMessage, detectProtocol, listDecoders } from '../../../src/decoders/registry';
import { protobufDecoder } from '../../../src/decoders/protobuf';
import type { DecodeInput } from '../../../src/decoders/types';

const bin = (bytes: Uint8Array): DecodeInput => ({ opcode: 2, bytes });
const text = (t: string, extra: Partial<DecodeInput> = {}): DecodeInput => ({ opcode: 1, text: t, ...extra });
const doc = { user: { id: 42, name: 'ada' }, tags: ['a', 'b'], n: 1.5 };

describe('binary decoders with bytes from the real encoders', () => {
  it('MessagePack (@msgpack/msgpack) must consume every byte', () => {
    const bytes = msgpackEncode(doc);
    expect(decodeMessage(bin(bytes))).toMatchObject({ ok: true, decoded: { protocol: 'msgpack', value: doc } });
    expect(decodeMessage(bin(new Uint8Array([...bytes, 0x00])), { override: 'msgpack' }).ok).toBe(false);
    expect(decodeMessage(bin(bytes.subarray(0, 5)), { override: 'msgpack' }).ok).toBe(false);
  });

  it('CBOR (cborg encoder, our reader)', () => {
    const bytes = cborEncode({ ...doc, raw: new Uint8Array([1, 2]) });
    const r = decodeMessage(bin(bytes), { override: 'cbor' });
    expect(r).toMatchObject({ ok: true, decoded: { protocol: 'cbor', value: { ...doc, raw: { $bytes: '0102' } } } });
    expect(decodeMessage(bin(new Uint8Array([...bytes, 0x01])), { override: 'cbor' }).ok).toBe(false);
  });

  it('gzip / zlib / raw deflate (fflate) wrap JSON', () => {
    const json = strToU8(JSON.stringify({ type: 'chat', user: { id: 42 } }));
    for (const bytes of [gzipSync(json), zlibSync(json)]) {
      expect(decodeMessage(bin(bytes))).toMatchObject({
        ok: true,
        decoded: { protocol: 'json', event: 'chat', value: { user: { id: 42 } } },
      });
    }
    expect(decodeMessage(bin(deflateSync(json)), { override: 'compressed' })).toMatchObject({ ok: true, decoded: { event: 'chat' } });
    const gz = gzipSync(json);
    expect(decodeMessage(bin(gz.subarray(0, gz.length - 6)), { override: 'compressed' }).ok).toBe(false);
  });

  it('protobuf wire format: a hand-built message, nested, and rejects garbage', () => {
    // No protobuf library is installed; bytes are written from the encoding spec:
    // field 1 varint 150, field 2 string "hi", field 3 message { field 1 varint 1 }.
    const bytes = new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1a, 0x02, 0x08, 0x01]);
    expect(protobufDecoder.decode(bin(bytes))).toMatchObject({ ok: true, decoded: { value: { 1: 150, 2: 'hi', 3: { 1: 1 } } } });
    expect(protobufDecoder.decode(bin(bytes.subarray(0, 6))).ok).toBe(false); // truncated string
    expect(protobufDecoder.decode(bin(new Uint8Array([0x0b, 0x01]))).ok).toBe(false); // group wire type
    expect(protobufDecoder.decode(bin(new Uint8Array([0xf8, 0xff, 0xff, 0xff, 0x0f, 0x01]))).ok).toBe(false); // field 2^28
  });
});

describe('JSON-family decoders', () => {
  it('JSON-RPC: request, notification, error, batch', () => {
    expect(decodeMessage(text(JSON.stringify({ jsonrpc: '2.0', method: 'sum', params: [1, 2], id: 1 })))).toMatchObject({
      ok: true,
      decoded: { protocol: 'jsonrpc', kind: 'request', event: 'sum', pair: { key: 'jsonrpc:1', role: 'request' } },
    });
    expect(decodeMessage(text(JSON.stringify({ jsonrpc: '2.0', method: 'tick' })))).toMatchObject({
      ok: true,
      decoded: { kind: 'notification', pair: undefined },
    });
    expect(decodeMessage(text(JSON.stringify({ jsonrpc: '2.0', error: { code: -32601, message: 'nope' }, id: 1 })))).toMatchObject({
      ok: true,
      decoded: { kind: 'error', summary: 'rpc error id 1 -32601 nope' },
    });
    const batch = decodeMessage(
      text(
        JSON.stringify([
          { jsonrpc: '2.0', method: 'a', id: 'x' },
          { jsonrpc: '2.0', method: 'b' },
        ]),
      ),
    );
    expect(batch.ok && batch.decoded.parts?.map((p) => p.pair?.key)).toEqual(['jsonrpc:"x"', undefined]);
    expect(decodeMessage(text('{"jsonrpc":"2.0","id":1}'), { override: 'jsonrpc' }).ok).toBe(false);
  });

  it('WAMP: CALL/RESULT with subprotocol', () => {
    const call = decodeMessage(text(JSON.stringify([48, 7, {}, 'com.app.add', [2, 3]]), { subprotocol: 'wamp.2.json' }));
    expect(call).toMatchObject({
      ok: true,
      decoded: { protocol: 'wamp', kind: 'CALL', event: 'com.app.add', value: [2, 3], pair: { key: 'wamp:7', role: 'request' } },
    });
    expect(decodeMessage(text(JSON.stringify([50, 7, {}, [5]]), { subprotocol: 'wamp.2.json' }))).toMatchObject({
      ok: true,
      decoded: { kind: 'RESULT', value: 5, pair: { role: 'response' } },
    });
    expect(decodeMessage(text('[48,"x",{},"p"]'), { override: 'wamp' }).ok).toBe(false);
  });

  it('Action Cable: welcome, ping, subscribe ↔ confirm, JSON inside strings', () => {
    const id = JSON.stringify({ channel: 'ChatChannel', room: 1 });
    expect(decodeMessage(text('{"type":"ping","message":1700000000}'))).toMatchObject({
      ok: true,
      decoded: { protocol: 'actioncable', control: 'heartbeat' },
    });
    expect(decodeMessage(text(JSON.stringify({ command: 'subscribe', identifier: id })))).toMatchObject({
      ok: true,
      decoded: { pair: { key: `cable:sub:${id}`, role: 'request' } },
    });
    expect(decodeMessage(text(JSON.stringify({ type: 'confirm_subscription', identifier: id })))).toMatchObject({
      ok: true,
      decoded: { pair: { role: 'response' } },
    });
    const speak = decodeMessage(
      text(JSON.stringify({ command: 'message', identifier: id, data: JSON.stringify({ action: 'speak', user: { id: 42 } }) })),
    );
    expect(speak).toMatchObject({ ok: true, decoded: { event: 'speak', value: { action: 'speak', user: { id: 42 } } } });
  });

  it('SockJS frames, with STOMP inside', () => {
    const url = 'ws://h/stomp/123/abcdef/websocket';
    expect(decodeMessage(text('o', { url }))).toMatchObject({ ok: true, decoded: { control: 'handshake' } });
    expect(decodeMessage(text('h', { url }))).toMatchObject({ ok: true, decoded: { control: 'heartbeat' } });
    const a = decodeMessage(text(`a${JSON.stringify(['MESSAGE\ndestination:/topic/x\n\n{"a":1}\0'])}`, { url }));
    expect(a).toMatchObject({ ok: true, decoded: { protocol: 'stomp', event: '/topic/x', value: { a: 1 } } });
    expect(decodeMessage(text('c[3000,"Go away!"]', { url }))).toMatchObject({
      ok: true,
      decoded: { kind: 'close', value: { code: 3000, reason: 'Go away!' } },
    });
  });

  it('generic JSON unwraps JSON strings one level and names the event', () => {
    const r = decodeMessage(text(JSON.stringify({ type: 'update', data: JSON.stringify({ user: { id: 42 } }) })));
    expect(r).toMatchObject({
      ok: true,
      decoded: { protocol: 'json', event: 'update', value: { type: 'update', data: { user: { id: 42 } } } },
    });
    expect(decodeMessage(text('{"a":')).ok).toBe(false);
    expect(decodeMessage(text('just words')).ok).toBe(false);
  });
});

describe('registry', () => {
  it('detects from subprotocol and URL, and lists decoders for the menu', () => {
    expect(detectProtocol('v12.stomp')).toBe('stomp');
    expect(detectProtocol('graphql-ws')).toBe('graphql-ws');
    expect(detectProtocol(undefined, 'wss://x/socket.io/?EIO=4&transport=websocket')).toBe('socketio');
    expect(detectProtocol(undefined, 'wss://x/cable')).toBe('actioncable');
    expect(listDecoders().map((d) => d.id)).toContain('mqtt');
    expect(decodeMessage(text('x'), { override: 'nope' })).toEqual({ ok: false, reason: 'unknown decoder nope' });
  });

  it('no decoder throws on arbitrary input, and a claimed binary result is never a random guess for short noise', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const d of DECODERS) expect(typeof d.decode(text(s)).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        for (const d of DECODERS) expect(typeof d.decode(bin(b)).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
