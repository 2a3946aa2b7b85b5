/**
 * The header of one frame drawn like the RFC 6455 5.2 diagram: 32 bits per
 * row, each field a coloured block over its bits, its value and meaning in
 * the tooltip. Bits named by a protocol error are marked. Rows are
 * positioned on a 32-column grid; each block uses a subgrid so its bits line
 * up with the ruler.
 */
import type { Frame } from '../../protocol';
import { headerFields, type HeaderField } from './fields';

export interface BitGridProps {
  frame: Frame;
  /** The header bytes (frame.headerLength of them; fewer when the frame was cut short). */
  header: Uint8Array;
  deflate: boolean;
  /** Offending bit ranges, relative to the frame's first bit: [from, to). */
  errorBits?: readonly (readonly [number, number])[];
}

interface Segment {
  field: HeaderField | null;
  row: number;
  col: number;
  bits: number;
  /** Bit index (from the header start) of the segment's first bit. */
  first: number;
  continued: boolean;
}

function bitAt(header: Uint8Array, k: number): number | null {
  const byte = header[k >> 3];
  return byte === undefined ? null : (byte >> (7 - (k & 7))) & 1;
}

/** Split every field into pieces of at most one 32-bit row. */
function segments(fields: readonly HeaderField[]): Segment[] {
  const out: Segment[] = [];
  for (const field of fields) {
    let k = field.start;
    const end = field.start + field.bits;
    while (k < end) {
      const col = k % 32;
      const bits = Math.min(32 - col, end - k);
      out.push({ field, row: Math.floor(k / 32), col, bits, first: k, continued: k !== field.start });
      k += bits;
    }
  }
  return out;
}

export const tooltip = (f: HeaderField): string => `${f.name} = ${f.value}: ${f.meaning} (${f.rfc.label})`;

export function BitGrid({ frame, header, deflate, errorBits = [] }: BitGridProps) {
  const fields = headerFields(frame, deflate);
  const segs = segments(fields);
  const headerBits = frame.headerLength * 8;
  const lastRow = Math.floor(headerBits / 32);
  const payloadCol = headerBits % 32;
  const inError = (k: number): boolean => errorBits.some(([a, b]) => k >= a && k < b);
  const payloadError = errorBits.some(([, b]) => b > headerBits);
  return (
    <div class="ss-bitgrid" role="group" aria-label="Frame header bits" data-testid="bit-grid">
      <span class="ss-bg-corner" aria-hidden="true" style={{ gridRow: 1, gridColumn: 1 }}>
        bit
      </span>
      {Array.from({ length: 32 }, (_, i) => (
        <span key={i} class={`ss-bg-ruler ${i % 8 === 0 ? 'ss-bg-byte' : ''}`} aria-hidden="true" style={{ gridRow: 1, gridColumn: i + 2 }}>
          {i % 10}
        </span>
      ))}
      {Array.from({ length: lastRow + 1 }, (_, r) => (
        <span
          key={`o${r}`}
          class="ss-bg-offset"
          title={`bytes ${r * 4}–${r * 4 + 3} of the frame`}
          style={{ gridRow: r + 2, gridColumn: 1 }}
        >
          +{r * 4}
        </span>
      ))}
      {segs.map((s) => {
        const f = s.field as HeaderField;
        const bits = Array.from({ length: s.bits }, (_, j) => s.first + j);
        const bad = bits.some(inError);
        return (
          <div
            key={`${f.id}${s.first}`}
            class={`ss-bf ss-f-${f.id}${s.bits <= 2 ? ' ss-bf-narrow' : ''}${bad ? ' ss-bf-err' : ''}`}
            data-field={s.continued ? undefined : f.id}
            data-value={s.continued ? undefined : f.value}
            title={tooltip(f)}
            style={{ gridRow: s.row + 2, gridColumn: `${s.col + 2} / span ${s.bits}` }}
          >
            <span class="ss-bf-label">{s.continued ? `${f.short} (cont.)` : s.bits >= 7 ? `${f.short} = ${f.value}` : f.short}</span>
            {bits.map((k) => {
              const v = bitAt(header, k);
              return (
                <span key={k} class={`ss-bit ${inError(k) ? 'ss-bit-err' : ''}`} data-bit={k}>
                  {v === null ? '·' : v}
                </span>
              );
            })}
          </div>
        );
      })}
      <div
        class={`ss-bf ss-f-payload ${payloadError ? 'ss-bf-err' : ''}`}
        title={`Payload data: ${frame.payloadLength.toLocaleString('en-US')} bytes, shown below`}
        style={{ gridRow: lastRow + 2, gridColumn: `${payloadCol + 2} / span ${32 - payloadCol}` }}
      >
        <span class="ss-bf-label">payload data ({frame.payloadLength.toLocaleString('en-US')} bytes) …</span>
      </div>
    </div>
  );
}

/** Every field with its colour, value, meaning and RFC section. */
export function FieldLegend({ frame, deflate }: { frame: Frame; deflate: boolean }) {
  return (
    <table class="ss-legend" data-testid="frame-legend">
      <tbody>
        {headerFields(frame, deflate).map((f) => (
          <tr key={f.id} data-field={f.id}>
            <td>
              <span class={`ss-swatch ss-f-${f.id}`} aria-hidden="true" />
            </td>
            <th scope="row">{f.name}</th>
            <td class="ss-mono">{f.value}</td>
            <td>{f.meaning}</td>
            <td>
              <a href={f.rfc.href} target="_blank" rel="noreferrer">
                {f.rfc.label}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
