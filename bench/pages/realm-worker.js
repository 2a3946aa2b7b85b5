// The realm bench's dedicated worker: a probe exchange when asked, then the timed receive on `go`.
'use strict';
self.importScripts('realm-socket.js');
self.onmessage = async (e) => {
  const m = e.data;
  if (m.probe) {
    await self.realmProbe(m.probe);
    self.postMessage({ probed: true });
  } else self.postMessage({ result: await self.realmRecv(m.url, m.n, m.size) });
};
