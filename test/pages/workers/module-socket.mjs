// Imported by module-worker.mjs through a relative specifier: opens a socket, sends, reports.
export const depUrl = import.meta.url;
export function openSocket({ url, send }) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const got = [];
    ws.onopen = () => send.forEach((m) => ws.send(m));
    ws.onmessage = (m) => {
      got.push(m.data);
      if (got.length === send.length) ws.close(1000, 'module done');
    };
    ws.onclose = (c) => resolve({ got, code: c.code });
  });
}
