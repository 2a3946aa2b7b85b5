// A service worker that opens a socket when the page asks, and reports what it got.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('message', (e) => {
  const { url, send } = e.data;
  const source = e.source;
  e.waitUntil(
    new Promise((resolve) => {
      const ws = new WebSocket(url);
      const got = [];
      ws.onopen = () => send.forEach((m) => ws.send(m));
      ws.onmessage = (m) => {
        got.push(m.data);
        if (got.length === send.length) ws.close(1000, 'sw done');
      };
      ws.onclose = (c) => {
        source.postMessage({ got, code: c.code });
        resolve();
      };
    }),
  );
});
