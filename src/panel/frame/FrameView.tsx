/**
 * The Frame tab: the selected message rebuilt as the frame(s) it would be on
 * the wire, with the header as a bit grid, a legend, and masked/unmasked
 * payload hex. Everything here is *reconstructed* (the hook sees messages,
 * not frames) and the view says so; a message of an imported capture shows
 * its captured frames instead (CapturedFrames).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { usePanel } from '../capture/context';
import { formatBytes } from '../capture/format';
import { useImports } from '../import/context';
import { BitGrid, FieldLegend } from './BitGrid';
import { CapturedFrames } from './CapturedFrames';
import { RFC } from './fields';
import { FrameControls, useMaskKeys } from './FrameControls';
import { FIRST_BYTES, HexPair } from './HexPair';
import { earlierMessages, reconstruct } from './reconstruct';
import type { Compression, Reconstruction } from './reconstruct';
import './frame.css';

/** An agreed 8-bit window is compressed with 9, as zlib does (see effectiveWindowBits). */
function windowNote(r: Reconstruction): string {
  const agreed = r.deflate && (r.direction === 'client-to-server' ? r.deflate.clientMaxWindowBits : r.deflate.serverMaxWindowBits);
  return agreed === 8 ? ': 8 was agreed, zlib compresses with 9 and never refers back further than 250 bytes' : '';
}

function CompressionNote({ r, conn }: { r: Reconstruction; conn: ConnectionRecord | undefined }) {
  if (!r.deflate) {
    return (
      <p class="ss-muted" data-testid="frame-compression">
        No compression: permessage-deflate was not negotiated on this connection
        {conn?.extensions ? ` (extensions: ${conn.extensions})` : ''}, so RSV1 is 0.
      </p>
    );
  }
  const c: Compression = r.compression;
  if (c.kind === 'failed') {
    return (
      <p class="ss-error" role="alert" data-testid="frame-compression">
        <strong>permessage-deflate</strong> negotiated, but compressing this message failed ({c.error}). Shown uncompressed, RSV1 = 0.
      </p>
    );
  }
  const sentOrReceived = r.direction === 'client-to-server' ? 'sent' : 'received';
  const compressedBytes = r.frames.reduce((n, f) => n + f.frame.payload.length, 0);
  const how =
    c.kind === 'independent'
      ? 'on its own: the sender resets its compressor after every message (no_context_takeover)'
      : c.kind === 'replayed' && c.earlier === 0
        ? `as the first ${sentOrReceived} message of this connection`
        : c.kind === 'replayed'
          ? `after the ${c.earlier} earlier ${sentOrReceived} message(s) of this connection, replayed through the same compressor (context takeover: a message may refer back to earlier ones)`
          : c.kind === 'first'
            ? `as if it were the first message (${c.reason}), although with context takeover the real bytes depend on earlier messages`
            : c.kind === 'unavailable'
              ? `not at all: ${c.reason}. Shown uncompressed`
              : '';
  return (
    <p data-testid="frame-compression">
      <strong>permessage-deflate</strong> negotiated: RSV1 = 1 on the first frame, payload compressed{' '}
      {c.kind !== 'unavailable' && `${formatBytes(r.message.length)} → ${formatBytes(compressedBytes)} `}
      {how}. Sockscope compresses like zlib (pako, level 6, window 2<sup>{r.windowBits}</sup> bytes{windowNote(r)}); the real compressor may
      pick other bytes that inflate to the same message.{' '}
      <a href={RFC.deflate.href} target="_blank" rel="noreferrer">
        {RFC.deflate.label}
      </a>
    </p>
  );
}

/** The captured frames when the shown session is a capture that holds this message's, else the reconstruction. */
export function FrameView({ rec, conn }: { rec: MessageRecord; conn: ConnectionRecord | undefined }) {
  const file = useImports()?.activeFile.value ?? null;
  const wire = file?.session.captured.get(rec.id);
  if (file && wire) return <CapturedFrames rec={rec} conn={conn} wire={wire} session={file.session} file={file.name} />;
  return <ReconstructedFrames rec={rec} conn={conn} />;
}

function ReconstructedFrames({ rec, conn }: { rec: MessageRecord; conn: ConnectionRecord | undefined }) {
  const { store } = usePanel();
  const ui = store.frame;
  const fragments = ui.fragments.value;
  const keys = useMaskKeys(ui, rec.id);
  // The first paint shows the header and the first bytes; the whole frame and the legend (reading material)
  // follow right after it (useEffect runs after the paint), so a big message does not wait for a megabyte to
  // be encoded and masked (bench goal frameView.render1MiB). The view is keyed per message.
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(true), []);
  const result = useMemo(
    () =>
      reconstruct(rec, conn, {
        keyFor: keys.keyFor,
        fragments,
        earlier: () => earlierMessages(store.log, rec, conn),
        ...(painted ? {} : { firstBytes: FIRST_BYTES }),
      }),
    [rec, conn, keys, fragments, painted],
  );
  const legendReady = painted;
  if (!result.ok)
    return (
      <p class="ss-error" role="alert">
        {result.error}
      </p>
    );
  const r = result.value;
  const deflate = r.deflate !== null;
  const out = r.direction === 'client-to-server';
  return (
    <div class="ss-frame" data-testid="frame-view">
      <p class="ss-frame-banner" role="note" data-testid="frame-reconstructed">
        <strong>Reconstructed frame.</strong> Sockscope captures messages, not the bytes on the wire: this is how this{' '}
        {out ? 'client → server' : 'server → client'} message is framed ({RFC.frame.label}).{' '}
        {out
          ? 'Clients mask every frame with a random 4-byte key; the key here is ours, not the browser’s.'
          : 'The server never masks its frames.'}
      </p>
      <FrameControls ui={ui} out={out} keyError={keys.error} />
      <CompressionNote r={r} conn={conn} />
      {r.truncated && (
        <p class="ss-warn">
          Only the first {formatBytes(r.message.length)} were stored: the header carries the full length ({formatBytes(rec.size)}), the hex
          shows the stored bytes.
        </p>
      )}
      <p class="ss-muted" data-testid="frame-summary">
        {r.frames.length === 1
          ? '1 frame'
          : `${r.frames.length} frames (FIN only on the last; the first has the opcode, the rest are continuation frames)`}
        , {r.wireBytes.toLocaleString('en-US')} bytes on the wire.
      </p>
      {r.frames.map((f, i) => (
        <section class="ss-frame-card" key={i} data-testid="wire-frame">
          {r.frames.length > 1 && (
            <h3>
              Frame {i + 1} of {r.frames.length}
            </h3>
          )}
          <BitGrid frame={f.frame} header={f.header} deflate={deflate} />
          <details class="ss-frame-legend" open={i === 0}>
            <summary>What the fields mean</summary>
            {legendReady && <FieldLegend frame={f.frame} deflate={deflate} />}
          </details>
          <HexPair
            payload={f.frame.payload}
            masked={f.frame.maskedPayload}
            maskingKey={f.frame.maskingKey}
            compressed={deflate && r.compression.kind !== 'unavailable'}
          />
        </section>
      ))}
    </div>
  );
}
