/**
 * The subset of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/)
 * Sockscope writes and reads, with the WebSocket extension Chrome DevTools
 * writes (`_resourceType: "websocket"`, `_webSocketMessages`) and
 * Sockscope's own facts under `_sockscope`. One home for both the exporter
 * and the importer.
 */
import type { BinaryCarrier, CloseInfo, ConnectionState, DirectionCounts, MessageOrigin } from '../model/records';

export interface HarNameValue {
  name: string;
  value: string;
}

/** Chrome's message entry: `time` in seconds since the epoch (float); binary data as base64. */
export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
  /** Sockscope's facts the Chrome shape has no field for; absent when all are defaults. */
  _sockscope?: HarMessageFacts;
}

export interface HarMessageFacts {
  id?: number;
  /** Exact capture time in ms (the `time` float can lose the last sub-ms digits). */
  t?: number;
  size?: number;
  truncated?: boolean;
  carrier?: BinaryCarrier;
  buffered?: number;
  sentInState?: number;
  captureError?: string;
  origin?: MessageOrigin;
}

export interface HarConnectionFacts {
  id: string;
  protocols: string[];
  frameUrl: string;
  frameId: number;
  created: number;
  state: ConnectionState;
  opened?: number;
  protocol?: string;
  extensions?: string;
  errored?: number;
  close?: CloseInfo;
  /** Who closed: the page called close(), or else the server / network (inferred from the close facts). */
  closedBy?: 'page' | 'server' | 'network';
  closeCall?: { t: number; code?: number; reason?: string };
  sent: DirectionCounts;
  received: DirectionCounts;
  handshake?: {
    url: string;
    requestId: string;
    t: number;
    status?: number;
    statusLine?: string;
    error?: string;
    requestHeaders: boolean;
    responseHeaders: boolean;
  };
  /** Number of messages of this connection in the export, and how many of those are truncated. */
  exported: { messages: number; truncated: number };
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: HarNameValue[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: HarNameValue[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  _resourceType: 'websocket';
  _webSocketMessages: HarWebSocketMessage[];
  _sockscope?: HarConnectionFacts;
}

export interface HarLog {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    comment?: string;
    _sockscope?: { exported: string; redacted: boolean; redactions: number };
  };
}
