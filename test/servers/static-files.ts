/**
 * Static file routes of the test server: a URL prefix mapped onto a folder,
 * with content types browsers accept for scripts and modules, and no way out
 * of the folder (`..` and encoded slashes are refused).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticMount {
  /** URL prefix with leading and trailing slash, e.g. `/pages/`. */
  prefix: string;
  /** Absolute folder served under the prefix. */
  dir: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a URL path names under one of the mounts, or null when none matches or it escapes. */
export function resolveStatic(mounts: readonly StaticMount[], pathname: string): string | null {
  for (const mount of mounts) {
    if (!pathname.startsWith(mount.prefix)) continue;
    let rel: string;
    try {
      rel = decodeURIComponent(pathname.slice(mount.prefix.length));
    } catch {
      return null; // malformed %-escape: not a file we serve
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = resolve(join(mount.dir, rel));
    return file.startsWith(mount.dir + sep) ? file : null;
  }
  return null;
}

/** Serves `file` (GET and HEAD); answers 404 when it is missing or not a regular file. */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    sendText(res, 404, `Not found: ${req.url ?? ''}\n`);
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': info.size,
    // Tests rebuild pages between runs; a cached copy would hide the change.
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', (err) => res.destroy(err))
    .pipe(res);
}

export function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
