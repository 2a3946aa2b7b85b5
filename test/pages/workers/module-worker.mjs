// A module worker with a relative import; reports its location, import.meta.url (its own and its
// import's) and a relative fetch, to compare with a run without the extension.
import { depUrl, openSocket } from './module-socket.mjs';
self.onmessage = async (e) => {
  const report = await openSocket(e.data);
  const fetched = await fetch('data.txt').then(
    (r) => r.text(),
    (err) => `failed: ${err.name}`,
  );
  self.postMessage({ ...report, location: String(self.location), importMetaUrl: import.meta.url, depUrl, fetched });
};
