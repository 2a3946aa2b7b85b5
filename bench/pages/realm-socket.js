// Shared by the page (realm.js) and the worker (realm-worker.js) of the realm bench: receive N messages
// of S bytes from /push, timed from the socket's `open` to the last message with performance.now() in the
// realm that owns the socket (the cost that realm's thread pays). Resolves to {ok, count, bytes, ms, error?}.
'use strict';

self.realmRecv = (url, n, size) =>
  new Promise((resolve) => {
    let count = 0;
    let bytes = 0;
    let tOpen = 0;
    let finished = false;
    const ws = new WebSocket(url);
    const finish = (error) => {
      if (finished) return;
      finished = true;
      resolve({ ok: error === undefined, error, count, bytes, ms: performance.now() - tOpen });
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'bench done');
    };
    ws.addEventListener('open', () => (tOpen = performance.now()));
    ws.addEventListener('message', (event) => {
      if (event.data === 'done') return finish(count === n && bytes === n * size ? undefined : `got ${count} messages / ${bytes} bytes`);
      bytes += event.data.length; // ASCII payloads: characters are bytes
      count += 1;
    });
    ws.addEventListener('close', (event) => finish(`socket closed early: ${event.code}`));
  });

/** One short exchange on /echo: the bench's sign that a debugger session sees this realm's sockets. */
self.realmProbe = (url) =>
  new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.onopen = () => ws.send('probe');
    ws.onmessage = () => ws.close(1000);
    ws.onclose = () => resolve();
  });
