// A shared worker: each port that connects may ask for a socket; reports what it got and its location.
self.onconnect = (e) => {
  const port = e.ports[0];
  port.onmessage = (m) => {
    const { url, send } = m.data;
    const ws = new WebSocket(url);
    const got = [];
    ws.onopen = () => send.forEach((x) => ws.send(x));
    ws.onmessage = (x) => {
      got.push(x.data);
      if (got.length === send.length) ws.close(1000, 'shared done');
    };
    ws.onclose = (c) => port.postMessage({ got, code: c.code, location: String(self.location) });
  };
};
