// Panel bench workload (bench/suites/panel.ts).
// On load: one socket to /echo sends "hello" and gets it back (2 messages), so
// the tab is known to the background and a panel can be opened for it:
// window.__ready resolves then.
// window.__blast(n, size): a second socket receives n text messages of `size`
// bytes from /push as fast as the browser takes them, then "done" (n + 1
// messages); resolves {ok, count, ms, error?}. The page holds no payloads.
'use strict';

(() => {
  const base = `ws://${location.host}`;
  window.__ready = new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base}/echo`);
    ws.addEventListener('open', () => ws.send('hello'));
    ws.addEventListener('message', () => resolve(true), { once: true });
    ws.addEventListener('error', () => reject(new Error('the /echo socket failed')));
  });

  window.__blast = (n, size) =>
    new Promise((resolve) => {
      let count = 0;
      let t0 = 0;
      const ws = new WebSocket(`${base}/push?n=${n}&size=${size}&kind=text`);
      ws.addEventListener('open', () => {
        t0 = performance.now();
      });
      ws.addEventListener('message', (event) => {
        if (event.data === 'done') {
          resolve({ ok: count === n, error: count === n ? undefined : `got ${count} of ${n}`, count, ms: performance.now() - t0 });
          ws.close(1000, 'bench done');
          return;
        }
        count++;
      });
      ws.addEventListener('close', () => resolve({ ok: false, error: `closed after ${count} of ${n}`, count, ms: performance.now() - t0 }));
    });
})();
