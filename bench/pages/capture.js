// Capture bench workload, run by bench/suites/capture.ts over CDP.
//   ?mode=recv&n=N&size=S&kind=text|binary  receive N messages from /push, then "done"
//   ?mode=echo&n=N&size=S                    send N text messages to /echo, receive N echoes
// The page times itself, from the socket's `open` to the last message, with
// performance.now(): that is the main-thread cost a page pays, whatever runs
// outside it (extension service worker, DevTools client).
// Result: window.__bench, a promise of {ok, count, bytes, ms, error?};
// the event `bench-ready` tells a waiting evaluator that it exists.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const mode = params.get('mode') === 'echo' ? 'echo' : 'recv';
  const n = Number(params.get('n'));
  const size = Number(params.get('size'));
  const kind = params.get('kind') === 'binary' ? 'binary' : 'text';
  const base = `ws://${location.host}`;
  const url = mode === 'echo' ? `${base}/echo` : `${base}/push?n=${n}&size=${size}&kind=${kind}`;

  window.__bench = new Promise((resolve) => {
    let count = 0;
    let bytes = 0;
    let tOpen = 0;
    let finished = false;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';

    const finish = (error) => {
      if (finished) return;
      finished = true;
      const ms = performance.now() - tOpen;
      resolve({ ok: error === undefined, error, count, bytes, ms, expected: { n, bytes: n * size } });
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'bench done');
    };

    ws.addEventListener('open', () => {
      tOpen = performance.now();
      if (mode !== 'echo') return;
      const message = 'e'.repeat(size);
      for (let i = 0; i < n; i++) ws.send(message);
    });

    ws.addEventListener('message', (event) => {
      const data = event.data;
      if (typeof data === 'string') {
        if (mode === 'recv' && data === 'done') {
          finish(count === n && bytes === n * size ? undefined : `got ${count} messages / ${bytes} bytes`);
          return;
        }
        bytes += data.length; // ASCII payloads: characters are bytes
      } else {
        bytes += data.byteLength;
      }
      count += 1;
      if (mode === 'echo' && count === n) finish(bytes === n * size ? undefined : `got ${bytes} bytes`);
    });

    ws.addEventListener('close', (event) => finish(`socket closed early: ${event.code}`));
  });
  dispatchEvent(new Event('bench-ready'));
})();
