// A dedicated worker that starts its own worker (nested, from a relative URL) and passes the page's
// request in and the inner worker's report out, with its own location.
const inner = new Worker('socket-worker.js');
inner.onmessage = (e) => self.postMessage({ ...e.data, outer: String(self.location) });
self.onmessage = (e) => inner.postMessage(e.data);
