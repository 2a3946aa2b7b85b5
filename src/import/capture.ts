/**
 * pcap / pcapng import of real captures (tcpdump, tshark, Wireshark):
 * packets → TCP segments → conversations → HTTP Upgrade → WebSocket frames
 * → records. Reads in chunks from any byte source, reports progress, can be
 * cancelled, and never throws: every problem is a value with its packet
 * number and byte offset.
 *
 * Caps: one packet or block ≤ 64 MiB; an HTTP head ≤ 64 KiB; out-of-order
 * bytes held per direction ≤ 32 MiB (beyond, the hole is reported as a gap);
 * at most 100,000 TCP conversations. Everything decoded is kept in memory.
 */
import { CaptureReader, type RawPacket } from './capture-reader';
import { Conversation } from './conversation';
import { parseSegment } from './packet';
import { emptySession, type ImportedSession, type ImportError, type ImportResult } from './types';

export const MAX_CONVERSATIONS = 100_000;
/** Chunk size when the source is one Uint8Array: progress and cancellation are checked between chunks. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export type ByteSource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface CaptureImportOptions {
  /** Called after each chunk with the bytes read so far. */
  onProgress?: (bytesRead: number, packets: number) => void;
  signal?: AbortSignal;
  /**
   * After this much work (ms) the import waits for one macrotask, so the
   * page paints the progress bar and runs a click on Cancel (an `await`
   * alone resumes in a microtask, before any of that). Default 16.
   */
  yieldMs?: number;
}

/** One macrotask (setTimeout exists in browsers, workers and Node alike). */
const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function* chunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.length; at += CHUNK_BYTES) yield source.subarray(at, at + CHUNK_BYTES);
    return;
  }
  yield* source;
}

class CaptureImport {
  readonly session: ImportedSession = emptySession('pcap');
  private readonly conversations = new Map<string, Conversation>();
  private connCount = 0;
  private msgCount = 0;
  private unsupported = new Set<number>();
  private readonly nextConn = (): string => `capture:${++this.connCount}`;
  private readonly nextId = (): number => ++this.msgCount;

  packet(p: RawPacket): ImportError | null {
    const r = parseSegment(p.data, p.linkType);
    if (!r.ok) {
      if (r.unsupported) {
        if (!this.unsupported.has(p.linkType))
          this.session.warnings.push({ code: 'UNSUPPORTED_LINK_TYPE', message: r.message, place: `packet ${p.number}, byte ${p.offset}` });
        this.unsupported.add(p.linkType);
      } else this.session.warnings.push({ code: 'BAD_PACKET', message: r.message, place: `packet ${p.number}, byte ${p.offset + r.at}` });
      return null;
    }
    const s = r.segment;
    if (s === null) return null;
    const key = s.src < s.dst ? `${s.src}|${s.dst}` : `${s.dst}|${s.src}`;
    let conv = this.conversations.get(key);
    if (conv === undefined) {
      if (this.conversations.size >= MAX_CONVERSATIONS)
        return {
          code: 'CAP_EXCEEDED',
          message: `more than ${MAX_CONVERSATIONS} TCP conversations`,
          place: `packet ${p.number}, byte ${p.offset}`,
        };
      // The SYN's sender is the client; without a SYN, the side on the higher (ephemeral) port.
      const srcIsClient = s.syn ? !s.ackFlag : portOf(s.src) > portOf(s.dst);
      conv = new Conversation(srcIsClient ? s.src : s.dst, srcIsClient ? s.dst : s.src, p.t, this.session, this.nextConn, this.nextId);
      this.conversations.set(key, conv);
    }
    const dir = s.src === conv.client ? 'out' : 'in';
    if (s.fin || s.rst) conv.tcpClosed = true;
    conv.segment(dir, s.seq, s.syn, s.payload, p.t, p.number);
    return null;
  }

  finish(): ImportedSession {
    for (const conv of this.conversations.values()) {
      conv.finish();
      this.session.streams.push(conv.report);
    }
    this.session.connections.sort((a, b) => a.created - b.created);
    this.session.messages.sort((a, b) => a.t - b.t || a.id - b.id);
    return this.session;
  }
}

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

/** One chunk through the reader and the conversations; an error stops the import. */
function feed(reader: CaptureReader, job: CaptureImport, chunk: Uint8Array, batch: RawPacket[]): ImportError | null {
  batch.length = 0;
  reader.push(chunk, batch);
  for (const p of batch) {
    const err = job.packet(p);
    if (err) return err;
  }
  return reader.error;
}

function conclude(reader: CaptureReader, job: CaptureImport, packets: number): ImportResult<ImportedSession> {
  const end = reader.end();
  if (end && (end.code !== 'TRUNCATED_FILE' || packets === 0)) return { ok: false, error: end };
  // A file cut off mid-packet (a capture still being written, a download stopped) keeps what it has.
  if (end) job.session.warnings.push(end);
  const session = job.finish();
  session.format = reader.format === 'pcapng' ? 'pcapng' : 'pcap';
  return { ok: true, value: session };
}

const internal = (e: unknown, reader: CaptureReader): { ok: false; error: ImportError } =>
  // A bug, not bad input: still a value, with where it happened.
  ({ ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), place: `byte ${reader.consumed}` } });

/** Import a pcap or pcapng capture, reading it in chunks with progress and cancellation between chunks. */
export async function importCapture(source: ByteSource, options: CaptureImportOptions = {}): Promise<ImportResult<ImportedSession>> {
  const reader = new CaptureReader();
  const job = new CaptureImport();
  const batch: RawPacket[] = [];
  let read = 0;
  let packets = 0;
  const yieldMs = options.yieldMs ?? 16;
  let worked = performance.now();
  const cancelled = (): ImportResult<ImportedSession> => ({
    ok: false,
    error: { code: 'CANCELLED', message: 'import cancelled', place: `byte ${read}` },
  });
  try {
    for await (const chunk of chunks(source)) {
      if (options.signal?.aborted) return cancelled();
      read += chunk.length;
      const err = feed(reader, job, chunk, batch);
      if (err) return { ok: false, error: err };
      packets += batch.length;
      options.onProgress?.(read, packets);
      if (performance.now() - worked >= yieldMs) {
        await macrotask();
        worked = performance.now();
      }
    }
    if (options.signal?.aborted) return cancelled();
    return conclude(reader, job, packets);
  } catch (e) {
    return internal(e, reader);
  }
}

/** The same import, synchronously, for bytes already in memory (fuzzing, small files). */
export function importCaptureSync(source: Uint8Array | Iterable<Uint8Array>): ImportResult<ImportedSession> {
  const reader = new CaptureReader();
  const job = new CaptureImport();
  const batch: RawPacket[] = [];
  let packets = 0;
  try {
    for (const chunk of source instanceof Uint8Array ? [source] : source) {
      const err = feed(reader, job, chunk, batch);
      if (err) return { ok: false, error: err };
      packets += batch.length;
    }
    return conclude(reader, job, packets);
  } catch (e) {
    return internal(e, reader);
  }
}
