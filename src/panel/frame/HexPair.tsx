/**
 * Payload bytes as on the wire (masked) beside the unmasked bytes, 8 per
 * row so each column always uses the same masking-key byte (i mod 4).
 * Hovering byte i highlights it in both columns and its key byte. Only the
 * first 256 bytes are rendered at first (a 1 MiB payload would be 6M nodes);
 * "Show more" adds more. Rows are memoized, so a hover re-renders two rows.
 */
import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { formatBytes } from '../capture/format';

export const FIRST_BYTES = 256;
export const MORE_BYTES = 4 * 1024;
const PER_ROW = 8;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export interface HexPairProps {
  /** Unmasked payload bytes (possibly only a stored prefix). */
  payload: Uint8Array;
  /** The same bytes as sent (XORed with the key), or null for an unmasked frame. */
  masked: Uint8Array | null;
  maskingKey: Uint8Array | null;
  /** The payload is permessage-deflate data (say so in the column title). */
  compressed?: boolean;
  /** Offending payload bytes, [from, to), e.g. invalid UTF-8. */
  errorBytes?: readonly [number, number] | null;
}

interface RowProps {
  start: number;
  payload: Uint8Array;
  masked: Uint8Array | null;
  /** Hovered byte index if it is in this row, else -1 (so only two rows re-render per hover). */
  hl: number;
  err: readonly [number, number] | null;
}

const ascii = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

function Bytes({
  bytes,
  start,
  end,
  hl,
  err,
  col,
}: {
  bytes: Uint8Array;
  start: number;
  end: number;
  hl: number;
  err: readonly [number, number] | null;
  col: string;
}) {
  const cells = [];
  for (let i = start; i < end; i++) {
    const bad = err !== null && i >= err[0] && i < err[1];
    cells.push(
      <span key={i} data-i={i} data-col={col} class={`ss-hb ss-k${i % 4}${i === hl ? ' ss-hb-hl' : ''}${bad ? ' ss-hb-err' : ''}`}>
        {HEX[bytes[i] as number]}
      </span>,
      // A real space, so copied hex reads "8c c5 f4".
      i + 1 < end ? ' ' : '',
    );
  }
  return <span class="ss-hx-bytes">{cells}</span>;
}

const Row = memo(function Row({ start, payload, masked, hl, err }: RowProps) {
  const end = Math.min(start + PER_ROW, payload.length);
  let text = '';
  for (let i = start; i < end; i++) text += ascii(payload[i] as number);
  return (
    <div class="ss-hx-row">
      <span class="ss-hx-off">{start.toString(16).padStart(6, '0')}</span>
      {masked && <Bytes bytes={masked} start={start} end={end} hl={hl} err={err} col="m" />}
      <Bytes bytes={payload} start={start} end={end} hl={hl} err={err} col="p" />
      <span class="ss-hx-ascii">{text}</span>
    </div>
  );
});

function hoverNote(i: number, payload: Uint8Array, masked: Uint8Array | null, key: Uint8Array | null): string {
  const p = payload[i] as number;
  const shown = `0x${HEX[p]} '${ascii(p)}'`;
  if (!masked || !key) return `byte ${i}: ${shown}`;
  const k = key[i % 4] as number;
  return `byte ${i}: 0x${HEX[masked[i] as number]} XOR key[${i % 4}] 0x${HEX[k]} = ${shown}`;
}

export function HexPair({ payload, masked, maskingKey, compressed = false, errorBytes = null }: HexPairProps) {
  const [limit, setLimit] = useState(FIRST_BYTES);
  const [hover, setHover] = useState(-1);
  const shown = Math.min(limit, payload.length);
  if (payload.length === 0) return <p class="ss-muted">No payload: the frame ends after its header.</p>;
  const rows = [];
  for (let start = 0; start < shown; start += PER_ROW) {
    const inRow = hover >= start && hover < start + PER_ROW ? hover : -1;
    const err = errorBytes && errorBytes[1] > start && errorBytes[0] < start + PER_ROW ? errorBytes : null;
    rows.push(<Row key={start} start={start} payload={payload} masked={masked} hl={inRow} err={err} />);
  }
  const onOver = (e: MouseEvent): void => {
    const i = Number((e.target as HTMLElement).closest<HTMLElement>('[data-i]')?.dataset.i ?? -1);
    if (i !== hover) setHover(i);
  };
  const deflated = compressed ? ' (deflate)' : '';
  return (
    <div class="ss-hexpair" data-testid="hex-pair">
      {masked && maskingKey && (
        <p class="ss-hx-key">
          Masking key:{' '}
          {Array.from(maskingKey, (b, j) => (
            <span
              key={j}
              class={`ss-hb ss-k${j}${hover >= 0 && hover % 4 === j ? ' ss-hb-hl' : ''}`}
              title={`key[${j}]: masks payload bytes ${j}, ${j + 4}, ${j + 8}, …`}
            >
              {HEX[b]}
            </span>
          )).flatMap((el, j) => (j < 3 ? [el, ' '] : [el]))}{' '}
          <span class="ss-muted">— byte i is XORed with key[i mod 4]; 8 bytes per row, so each column uses the same key byte.</span>
        </p>
      )}
      <div class="ss-hx-head">
        <span class="ss-hx-off">offset</span>
        {masked && (
          <span class="ss-hx-bytes" title="The payload bytes as sent: XORed with the masking key">
            on the wire (masked)
          </span>
        )}
        <span class="ss-hx-bytes" title={compressed ? 'permessage-deflate data: inflating it gives the message' : undefined}>
          {masked ? `unmasked${deflated}` : `not masked${deflated}`}
        </span>
        <span class="ss-hx-ascii">ASCII</span>
      </div>
      <div class="ss-hx-body" onMouseOver={onOver} onMouseLeave={() => setHover(-1)}>
        {rows}
      </div>
      <p class="ss-hx-note ss-mono" aria-live="polite" data-testid="hex-note">
        {hover >= 0 && hover < payload.length
          ? hoverNote(hover, payload, masked, maskingKey)
          : masked
            ? 'Hover a byte to see how it is unmasked.'
            : 'Hover a byte to see its value.'}
      </p>
      {shown < payload.length && (
        <div class="ss-more">
          Showing {formatBytes(shown)} of {formatBytes(payload.length)}.{' '}
          <button type="button" class="ss-link-button" onClick={() => setLimit(limit + MORE_BYTES)}>
            Show more
          </button>
        </div>
      )}
    </div>
  );
}
