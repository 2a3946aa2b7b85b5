/**
 * CDP Network WebSocket events in the shape Chromium sends them (method,
 * params), as recorded from chrome.debugger.onEvent; ids and times shortened.
 */
export type Cdp = [method: string, params: unknown, session?: string];

export const URL_ = 'ws://127.0.0.1:8080/echo?who=dedicated';
const wall = 1_700_000_000; // epoch seconds
const mono = 5000; // monotonic seconds at the handshake

export const workerAttached: Cdp = [
  'Target.attachedToTarget',
  {
    sessionId: 'S1',
    targetInfo: { targetId: 'T1', type: 'worker', title: 'socket-worker.js', url: 'http://127.0.0.1:8080/pages/workers/socket-worker.js' },
    waitingForDebugger: false,
  },
];

export function socketLife(requestId: string, url: string, session?: string, status = 101): Cdp[] {
  const at = (s: number) => mono + s;
  const events: Cdp[] = [
    [
      'Network.webSocketCreated',
      {
        requestId,
        url,
        initiator: {
          type: 'script',
          stack: {
            callFrames: [{ functionName: 'open', scriptId: '7', url: 'http://127.0.0.1:8080/app.js', lineNumber: 11, columnNumber: 4 }],
          },
        },
      },
      session,
    ],
    [
      'Network.webSocketWillSendHandshakeRequest',
      {
        requestId,
        timestamp: at(0),
        wallTime: wall,
        request: { headers: { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' } },
      },
      session,
    ],
  ];
  if (status === 101) {
    events.push(
      [
        'Network.webSocketHandshakeResponseReceived',
        {
          requestId,
          timestamp: at(0.01),
          response: {
            status: 101,
            statusText: 'Switching Protocols',
            headers: { Upgrade: 'websocket', 'Sec-WebSocket-Accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
            requestHeaders: { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Host: '127.0.0.1:8080' },
          },
        },
        session,
      ],
      [
        'Network.webSocketFrameSent',
        { requestId, timestamp: at(0.02), response: { opcode: 1, mask: true, payloadData: 'from-worker' } },
        session,
      ],
      [
        'Network.webSocketFrameReceived',
        { requestId, timestamp: at(0.03), response: { opcode: 2, mask: false, payloadData: '3q2+7w==' } },
        session,
      ],
      ['Network.webSocketClosed', { requestId, timestamp: at(0.04) }, session],
    );
  } else {
    events.push(
      [
        'Network.webSocketHandshakeResponseReceived',
        {
          requestId,
          timestamp: at(0.01),
          response: { status, statusText: 'Forbidden', headers: { 'Content-Type': 'text/plain', 'X-Why': 'no' } },
        },
        session,
      ],
      [
        'Network.webSocketFrameError',
        { requestId, timestamp: at(0.02), errorMessage: `Error during WebSocket handshake: Unexpected response code: ${status}` },
        session,
      ],
    );
  }
  return events;
}

/** What the clock said when the handshake was sent, in wall ms. */
export const HANDSHAKE_WALL_MS = wall * 1000;
