/**
 * What a connection's record looked like on the wire, rebuilt: the HTTP
 * Upgrade request and response (RFC 6455 4.1, 4.2.2) from the handshake
 * headers webRequest saw, completed where the browser hid them (Chrome hides
 * Sec-WebSocket-Key/-Accept), and each message as one RFC 6455 frame,
 * masked from the client, compressed when permessage-deflate was agreed
 * (within the agreed window for each direction).
 */
import type { ConnectionRecord, HttpHeader } from '../model/records';
import { computeAccept, encodeBase64, encodeFrame, negotiatedDeflate, randomMaskingKey, resetsContext } from '../protocol';
import type { Direction } from '../protocol';
import { MessageDeflater } from '../protocol/deflate';
import { windowBitsFor } from '../protocol/deflate-params';

const encoder = new TextEncoder();

function header(list: readonly HttpHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return list.find((h) => h.name.toLowerCase() === lower)?.value;
}

function ensure(list: HttpHeader[], name: string, value: string | undefined): void {
  if (value !== undefined && header(list, name) === undefined) list.push({ name, value });
}

function requestTarget(url: string): { host: string; target: string } {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^#]*)/i.exec(url);
  const host = (m?.[1] ?? '').replace(/^[^@]*@/, '');
  const target = m?.[2] ?? '/';
  return { host, target: target.startsWith('/') ? target : `/${target}` };
}

function key16(value: string | undefined): boolean {
  return value !== undefined && /^[A-Za-z0-9+/]{22}==$/.test(value.trim());
}

/** A fresh Sec-WebSocket-Key: base64 of 16 random bytes (RFC 6455 4.1). */
function randomKey(): string {
  return encodeBase64(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

export interface UpgradeBytes {
  request: Uint8Array;
  /** Null when no response is known (the handshake failed before one). */
  response: Uint8Array | null;
  /** The Sec-WebSocket-Extensions the response agreed, for the frame encoder. */
  extensions: string | undefined;
}

/** The opening handshake, with a computed Sec-WebSocket-Accept when the browser hid it or redaction replaced the key. */
export async function upgradeBytes(c: ConnectionRecord): Promise<UpgradeBytes> {
  const h = c.handshake;
  const { host, target } = requestTarget(h?.url ?? c.url);
  const req: HttpHeader[] = [{ name: 'Host', value: host }];
  for (const x of h?.requestHeaders ?? []) if (x.name.toLowerCase() !== 'host') req.push({ name: x.name, value: x.value });
  ensure(req, 'Upgrade', 'websocket');
  ensure(req, 'Connection', 'Upgrade');
  ensure(req, 'Sec-WebSocket-Version', '13');
  let key = header(req, 'Sec-WebSocket-Key');
  if (!key16(key)) {
    key = randomKey();
    const i = req.findIndex((x) => x.name.toLowerCase() === 'sec-websocket-key');
    if (i >= 0) req[i] = { name: req[i]!.name, value: key };
    else req.push({ name: 'Sec-WebSocket-Key', value: key });
  }
  if (c.protocols.length > 0) ensure(req, 'Sec-WebSocket-Protocol', c.protocols.join(', '));
  const request = encoder.encode(`GET ${target} HTTP/1.1\r\n${req.map((x) => `${x.name}: ${x.value}\r\n`).join('')}\r\n`);
  const status = h?.status ?? (c.opened !== undefined ? 101 : undefined);
  if (status === undefined) return { request, response: null, extensions: undefined };
  const res: HttpHeader[] = (h?.responseHeaders ?? []).map((x) => ({ name: x.name, value: x.value }));
  if (status === 101) {
    ensure(res, 'Upgrade', 'websocket');
    ensure(res, 'Connection', 'Upgrade');
    const accept = await computeAccept(key!);
    const i = res.findIndex((x) => x.name.toLowerCase() === 'sec-websocket-accept');
    if (i >= 0) res[i] = { name: res[i]!.name, value: accept };
    else res.push({ name: 'Sec-WebSocket-Accept', value: accept });
    if (c.protocol) ensure(res, 'Sec-WebSocket-Protocol', c.protocol);
    if (c.extensions) ensure(res, 'Sec-WebSocket-Extensions', c.extensions);
  }
  const reason = h?.statusLine?.replace(/^HTTP\/\S+\s+\d+\s*/, '') || (status === 101 ? 'Switching Protocols' : '');
  const response = encoder.encode(`HTTP/1.1 ${status} ${reason}\r\n${res.map((x) => `${x.name}: ${x.value}\r\n`).join('')}\r\n`);
  return { request, response, extensions: status === 101 ? header(res, 'Sec-WebSocket-Extensions') : undefined };
}

export type KeySource = () => Uint8Array;

/** Encodes one direction's messages in order, keeping its deflate context (RFC 7692 7.2.1). */
export class FrameWriter {
  private readonly deflater: MessageDeflater | null;

  constructor(
    private readonly direction: Direction,
    extensions: string | undefined,
    private readonly key: KeySource = randomMaskingKey,
  ) {
    const agreed = negotiatedDeflate(extensions);
    // The sender's window is the one agreed for its direction (RFC 7692 7.1.2): a peer that agreed
    // server_max_window_bits=10 inflates with 1 KiB of history, so nothing may refer back further.
    this.deflater =
      agreed.ok && agreed.value
        ? new MessageDeflater(resetsContext(agreed.value, direction), { windowBits: windowBitsFor(agreed.value, direction) })
        : null;
  }

  /** Whether data frames are compressed. */
  get compressing(): boolean {
    return this.deflater !== null;
  }

  /** One frame; data messages (opcode 1/2) compressed when agreed. Null if the compressor failed (a bug, reported by the caller). */
  frame(opcode: number, payload: Uint8Array): Uint8Array | null {
    let body = payload;
    let rsv1 = false;
    if (this.deflater && opcode < 8) {
      try {
        body = this.deflater.deflate(payload);
        rsv1 = true;
      } catch {
        return null;
      }
    }
    const maskingKey = this.direction === 'client-to-server' ? this.key() : null;
    const encoded = encodeFrame({ opcode, payload: body, rsv1, maskingKey });
    return encoded.ok ? encoded.value.bytes : null;
  }
}
