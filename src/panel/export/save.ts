/**
 * Saving a file from an extension page: a Blob URL on an `<a download>`,
 * clicked. Works in Chrome's and Firefox's DevTools panels and extension
 * tabs without the downloads permission. The last link stays in the
 * document (hidden) until the next save, and its URL alive with it, so the
 * browser has finished reading it (and browser tests can fetch it).
 */
let last: HTMLAnchorElement | null = null;

export function saveFile(doc: Document, data: string | Uint8Array, name: string, mime: string): void {
  if (last) {
    URL.revokeObjectURL(last.href);
    last.remove();
  }
  const blob = new Blob([data as BlobPart], { type: mime });
  const a = doc.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  a.dataset.testid = 'export-link';
  doc.body.appendChild(a);
  last = a;
  a.click();
}
