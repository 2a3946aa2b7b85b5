/**
 * Opening handshakes from webRequest: request/response headers and status,
 * where the browser gives them. Chrome hides Sec-WebSocket-Key/-Protocol/
 * -Extensions and reports a refused handshake only as net::ERR_FAILED;
 * Firefox shows all headers and the refusing status (browser-recipes.md).
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { HttpHeader } from '../../src/model/records';
import type { HandshakeUpdate } from '../../src/store/handshakes';

type Sink = (tabId: number, update: HandshakeUpdate) => void;

const FILTER: WebRequest.RequestFilter = { urls: ['ws://*/*', 'wss://*/*'], types: ['websocket'] };
// Chrome needs 'extraHeaders' to show Cookie, Origin and the upgrade headers; Firefox rejects the value.
const EXTRA: string[] = __SOCKSCOPE_BROWSER__ === 'chrome' ? ['extraHeaders'] : [];

const headers = (list: WebRequest.HttpHeaders | undefined): HttpHeader[] | undefined =>
  list?.map((h) => ({ name: h.name, value: h.value ?? (h.binaryValue ? `(binary, ${h.binaryValue.length} bytes)` : '') }));

export function watchHandshakes(sink: Sink): void {
  const base = (d: { requestId: string; frameId: number; url: string; timeStamp: number }) => ({
    requestId: d.requestId,
    frameId: d.frameId,
    url: d.url,
    t: d.timeStamp,
  });
  browser.webRequest.onSendHeaders.addListener(
    (d) => {
      if (d.tabId >= 0) sink(d.tabId, { ...base(d), requestHeaders: headers(d.requestHeaders) });
    },
    FILTER,
    ['requestHeaders', ...EXTRA] as WebRequest.OnSendHeadersOptions[],
  );
  browser.webRequest.onHeadersReceived.addListener(
    (d) => {
      if (d.tabId >= 0)
        sink(d.tabId, { ...base(d), responseHeaders: headers(d.responseHeaders), status: d.statusCode, statusLine: d.statusLine });
    },
    FILTER,
    ['responseHeaders', ...EXTRA] as WebRequest.OnHeadersReceivedOptions[],
  );
  // No third argument: Firefox throws on an explicit `undefined` here (browser-recipes.md).
  browser.webRequest.onErrorOccurred.addListener((d) => {
    if (d.tabId >= 0) sink(d.tabId, { ...base(d), error: d.error });
  }, FILTER);
}
