import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { statusInError, toHeaders, translateCdp } from '../../../src/debugger/cdp-sockets';
import { socketLife, URL_, workerAttached } from './cdp-fixtures';

describe('CDP WebSocket events translated', () => {
  it('reads a whole socket life in recorded shape', () => {
    const out = socketLife('9.1', URL_, 'S1').map(([m, p, s]) => translateCdp(m, p, s));
    expect(out.map((e) => e?.k)).toEqual(['created', 'request', 'response', 'frame', 'frame', 'closed']);
    expect(out[0]).toEqual({
      k: 'created',
      session: 'S1',
      id: '9.1',
      url: URL_,
      initiator: {
        type: 'script',
        url: 'http://127.0.0.1:8080/app.js',
        line: 12,
        col: 5,
        frames: [{ fn: 'open', url: 'http://127.0.0.1:8080/app.js', line: 12, col: 5 }],
      },
    });
    expect(out[1]).toMatchObject({ k: 'request', wall: 1_700_000_000, ts: 5000 });
    expect(out[2]).toMatchObject({ k: 'response', status: 101, statusText: 'Switching Protocols' });
    expect(out[2]).toHaveProperty('requestHeaders', [
      { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
      { name: 'Host', value: '127.0.0.1:8080' },
    ]);
    expect(out[3]).toMatchObject({ k: 'frame', dir: 'out', opcode: 1, payload: 'from-worker' });
    expect(out[4]).toMatchObject({ k: 'frame', dir: 'in', opcode: 2, payload: '3q2+7w==' });
  });

  it('leaves Sockscope’s own hook out of the initiator (the page’s WebSocket is our Proxy)', () => {
    const hook = { functionName: 'construct', url: 'chrome-extension://abc/extension/hook.iife.js', lineNumber: 0, columnNumber: 9 };
    const page = { functionName: 'connect', url: 'http://h/app.js', lineNumber: 4, columnNumber: 2 };
    const ev = translateCdp(
      'Network.webSocketCreated',
      { requestId: '1', url: 'ws://h/', initiator: { type: 'script', stack: { callFrames: [hook, page] } } },
      '',
    );
    expect(ev).toMatchObject({ initiator: { type: 'script', url: 'http://h/app.js', line: 5, col: 3, frames: [{ fn: 'connect' }] } });
    const only = translateCdp(
      'Network.webSocketCreated',
      { requestId: '1', url: 'ws://h/', initiator: { type: 'script', url: hook.url, stack: { callFrames: [hook] } } },
      '',
    );
    expect(only).toMatchObject({ initiator: { type: 'script' } });
    expect(only?.k === 'created' && only.initiator?.url).toBeFalsy();
  });

  it('reads auto-attached targets and the tab session', () => {
    expect(translateCdp(...workerAttached)).toEqual({
      k: 'attached',
      session: 'S1',
      kind: 'worker',
      url: expect.stringContaining('socket-worker.js'),
    });
    expect(translateCdp('Target.attachedToTarget', { sessionId: 'S2', targetInfo: { type: 'tab-ish' } }, undefined)).toMatchObject({
      kind: 'other',
    });
    expect(translateCdp('Target.detachedFromTarget', { sessionId: 'S1' }, undefined)).toEqual({ k: 'detached', session: 'S1' });
    expect(translateCdp('Network.webSocketClosed', { requestId: 'x' }, undefined)).toEqual({ k: 'closed', session: '', id: 'x' });
  });

  it('splits repeated header fields Chrome joined with newlines', () => {
    expect(toHeaders({ 'Set-Cookie': 'a=1\nb=2', N: 5, Bad: {} })).toEqual([
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'Set-Cookie', value: 'b=2' },
      { name: 'N', value: '5' },
    ]);
  });

  it('finds the refusing status in the handshake error', () => {
    expect(statusInError('Error during WebSocket handshake: Unexpected response code: 403')).toBe(403);
    expect(statusInError('net::ERR_CONNECTION_REFUSED')).toBeUndefined();
  });

  it('gives null for garbage, never throws', () => {
    const bad: unknown[] = [null, undefined, 1, 'x', [], { requestId: 5 }, { requestId: '' }, { requestId: 'a', response: 'no' }];
    for (const p of bad)
      for (const m of [
        'Network.webSocketCreated',
        'Network.webSocketFrameSent',
        'Network.webSocketHandshakeResponseReceived',
        'Target.attachedToTarget',
      ])
        expect(translateCdp(m, p, 7)).toBeNull();
    expect(translateCdp('Network.webSocketFrameSent', { requestId: 'a', response: { opcode: -1, payloadData: 'x' } }, '')).toBeNull();
    expect(translateCdp('Network.requestWillBeSent', { requestId: 'a' }, '')).toBeNull();
    expect(translateCdp(42, {}, '')).toBeNull();
    fc.assert(
      fc.property(fc.string(), fc.anything(), fc.anything(), (m, p, s) => {
        translateCdp(m, p, s);
        translateCdp(`Network.webSocket${m}`, p, s);
        for (const k of ['Created', 'WillSendHandshakeRequest', 'HandshakeResponseReceived', 'FrameReceived', 'FrameError', 'Closed'])
          translateCdp(`Network.webSocket${k}`, { requestId: 'r', response: p, request: p, initiator: p, url: m, timestamp: s }, s);
      }),
      { numRuns: 300 },
    );
  });
});
