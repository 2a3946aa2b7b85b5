// A dedicated worker that keeps one socket open and sends what the page tells it, text or bytes,
// answering with what the echo server sent back (test/e2e/debugger.e2e.ts).
let ws;
self.onmessage = (e) => {
  const { open, send } = e.data;
  if (open) {
    ws = new WebSocket(open);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => self.postMessage({ opened: true });
    ws.onmessage = (m) => {
      const data = typeof m.data === 'string' ? m.data : Array.from(new Uint8Array(m.data));
      self.postMessage({ echo: data });
    };
    return;
  }
  ws.send(Array.isArray(send) ? new Uint8Array(send) : send);
};
