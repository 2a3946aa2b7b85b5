// Realm bench workload, run by bench/suites/realm.ts over CDP.
//   ?mode=load                                   no socket, no worker: window.__bench = {ok, ms: DOMContentLoaded end}
//   ?mode=recv&where=page|worker&n=N&size=S      receive N text messages of S bytes from /push in the page or in a
//                                                dedicated worker, once the driver calls window.__go() (after
//                                                window.__ready); window.__probe(): one short /echo exchange
//                                                in that realm (the driver's sign that a debugger sees it)
// window.__bench: a promise of {ok, count, bytes, ms, error?}; the event `bench-ready` says it exists.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const n = Number(params.get('n'));
  const size = Number(params.get('size'));
  const base = `ws://${location.host}`;
  const url = `${base}/push?n=${n}&size=${size}&kind=text&token=${params.get('token')}`;
  const probe = `${base}/echo?probe=${params.get('token')}`;
  const nav = () => performance.getEntriesByType('navigation')[0];

  if (params.get('mode') === 'load') {
    window.__bench = new Promise((resolve) => {
      const done = () => resolve({ ok: true, count: 0, bytes: 0, ms: nav().domContentLoadedEventEnd });
      if (nav() && nav().domContentLoadedEventEnd > 0) done();
      else addEventListener('DOMContentLoaded', () => setTimeout(done, 0), { once: true });
    });
  } else if (params.get('where') === 'worker') {
    const w = new Worker('realm-worker.js');
    let probed = () => undefined;
    window.__bench = new Promise((resolve) => {
      w.onmessage = (e) => (e.data.probed ? probed() : resolve(e.data.result));
      w.onerror = (e) => resolve({ ok: false, error: `worker error: ${e.message}`, count: 0, bytes: 0, ms: 0 });
    });
    window.__probe = () => new Promise((r) => ((probed = r), w.postMessage({ probe })));
    window.__go = () => w.postMessage({ url, n, size });
    window.__ready = true;
  } else {
    let go;
    window.__bench = new Promise((r) => (go = r)).then(() => self.realmRecv(url, n, size));
    window.__probe = () => self.realmProbe(probe);
    window.__go = () => go();
    window.__ready = true;
  }
  dispatchEvent(new Event('bench-ready'));
})();
