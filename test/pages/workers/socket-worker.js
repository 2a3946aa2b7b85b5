// A classic dedicated worker: opens a socket to the URL it is given, sends what it is told, and reports
// what it got and what it sees of itself (location, a relative fetch), to compare with a run without the
// extension (test/e2e/workers.e2e.ts).
const fetchRelative = () =>
  fetch('data.txt').then(
    (r) => r.text(),
    (e) => `failed: ${e.name}`,
  );
self.onmessage = (e) => {
  const { url, send } = e.data;
  const ws = new WebSocket(url);
  const got = [];
  ws.onopen = () => send.forEach((m) => ws.send(m));
  ws.onmessage = (m) => {
    got.push(m.data);
    if (got.length === send.length) {
      ws.close(1000, 'worker done');
    }
  };
  ws.onclose = async (c) => self.postMessage({ got, code: c.code, location: String(self.location), fetched: await fetchRelative() });
};
