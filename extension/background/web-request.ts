/**
 * Opening handshakes from webRequest: request/response headers and status,
 * where the browser gives them. Chrome hides Sec-WebSocket-Key/-Protocol/
 * -Extensions and reports a refused handshake only as net::ERR_FAILED;
 * Firefox shows all headers and the refusing status (browser-recipes.md).
 * Requests without a tab (service and shared workers) go out with tabId -1
 * and their origin; Chromium 156 reports none for WebSockets (measured).
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { HttpHeader } from '../../src/model/records';
import type { HandshakeUpdate } from '../../src/store/handshakes';

/** `tabId` -1: no tab (a service or shared worker); `origin` then says whose (Chrome `initiator`, Firefox `originUrl`). */
type Sink = (tabId: number, update: HandshakeUpdate, origin: string | undefined) => void;
type Details = {
  requestId: string;
  frameId: number;
  tabId: number;
  url: string;
  timeStamp: number;
  initiator?: string;
  originUrl?: string;
};

const originOf = (d: Details): string | undefined => {
  try {
    return d.initiator ?? (d.originUrl ? new URL(d.originUrl).origin : undefined);
  } catch {
    return undefined;
  }
};

const FILTER: WebRequest.RequestFilter = { urls: ['ws://*/*', 'wss://*/*'], types: ['websocket'] };
// Chrome needs 'extraHeaders' to show Cookie, Origin and the upgrade headers; Firefox rejects the value.
const EXTRA: string[] = __SOCKSCOPE_BROWSER__ === 'chrome' ? ['extraHeaders'] : [];

const headers = (list: WebRequest.HttpHeaders | undefined): HttpHeader[] | undefined =>
  list?.map((h) => ({ name: h.name, value: h.value ?? (h.binaryValue ? `(binary, ${h.binaryValue.length} bytes)` : '') }));

export function watchHandshakes(sink: Sink): void {
  const send = (d: Details, update: Partial<HandshakeUpdate>): void =>
    sink(d.tabId < 0 ? -1 : d.tabId, { requestId: d.requestId, frameId: d.frameId, url: d.url, t: d.timeStamp, ...update }, originOf(d));
  browser.webRequest.onSendHeaders.addListener((d) => send(d, { requestHeaders: headers(d.requestHeaders) }), FILTER, [
    'requestHeaders',
    ...EXTRA,
  ] as WebRequest.OnSendHeadersOptions[]);
  browser.webRequest.onHeadersReceived.addListener(
    (d) => send(d, { responseHeaders: headers(d.responseHeaders), status: d.statusCode, statusLine: d.statusLine }),
    FILTER,
    ['responseHeaders', ...EXTRA] as WebRequest.OnHeadersReceivedOptions[],
  );
  // No third argument: Firefox throws on an explicit `undefined` here (browser-recipes.md).
  browser.webRequest.onErrorOccurred.addListener((d) => send(d, { error: d.error }), FILTER);
}
