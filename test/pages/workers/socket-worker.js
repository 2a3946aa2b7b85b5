// A classic dedicated worker: opens a socket to the URL it is given, sends what it is told, reports back.
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
  ws.onclose = (c) => self.postMessage({ got, code: c.code, location: String(self.location) });
};
