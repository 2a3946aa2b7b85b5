import { useMemo, useState } from 'preact/hooks';
import type { MessageRecord } from '../../model/records';
import { formatBytes, hexDump } from '../capture/format';
import { binaryAsText, payloadBytes } from '../capture/payload';
import type { Decoded } from '../../decoders/types';
import { jsonOf } from './json-of';
import { JsonTree } from './JsonTree';

/** Payloads can be 1 MiB: render the first 64 KiB, more on request. */
export const CHUNK = 64 * 1024;

function ShowMore({ shown, total, unit, onMore }: { shown: number; total: number; unit: (n: number) => string; onMore: () => void }) {
  if (shown >= total) return null;
  return (
    <div class="ss-more">
      Showing {unit(shown)} of {unit(total)}.{' '}
      <button type="button" class="ss-link-button" onClick={onMore}>
        Show more
      </button>
    </div>
  );
}

const chars = (n: number): string => `${n.toLocaleString('en-US')} characters`;

export function TextView({ rec }: { rec: MessageRecord }) {
  const [limit, setLimit] = useState(CHUNK);
  const dec = useMemo(() => (rec.opcode === 1 ? null : binaryAsText(rec)), [rec]);
  let text: string;
  let note: string | null = null;
  if (dec === null) text = rec.data;
  else {
    if (!dec.ok)
      return (
        <p class="ss-error" role="alert">
          {dec.error}
        </p>
      );
    text = dec.text ?? '';
    note = 'Binary message shown as UTF-8 (invalid sequences replaced by �).';
  }
  return (
    <>
      {note && <p class="ss-muted">{note}</p>}
      <pre class="ss-pre">{text.slice(0, limit)}</pre>
      <ShowMore shown={Math.min(limit, text.length)} total={text.length} unit={chars} onMore={() => setLimit(limit + CHUNK)} />
    </>
  );
}

/** JSON, or the JSON inside a protocol's wrapping (json-of.ts), as a tree. */
export function JsonView({ rec, decoded }: { rec: MessageRecord; decoded: Decoded | undefined }) {
  const parsed = useMemo(() => jsonOf(rec, decoded), [rec, decoded]);
  if (!parsed.ok)
    return (
      <p class="ss-muted" data-testid="json-error">
        not JSON: {parsed.error}
      </p>
    );
  return (
    <>
      {parsed.note && (
        <p class="ss-muted" data-testid="json-note">
          {parsed.note}
        </p>
      )}
      <JsonTree value={parsed.value} />
    </>
  );
}

export function HexView({ rec }: { rec: MessageRecord }) {
  const [limit, setLimit] = useState(CHUNK);
  const dec = useMemo(() => payloadBytes(rec), [rec]);
  const dump = useMemo(() => (dec.ok ? hexDump(dec.bytes, 0, limit) : ''), [dec, limit]);
  if (!dec.ok)
    return (
      <p class="ss-error" role="alert">
        {dec.error}
      </p>
    );
  return (
    <>
      {rec.opcode === 1 && <p class="ss-muted">Text shown as its UTF-8 bytes.</p>}
      <pre class="ss-pre ss-hex" data-testid="hex-dump">
        {dump}
      </pre>
      <ShowMore
        shown={Math.min(limit, dec.bytes.length)}
        total={dec.bytes.length}
        unit={formatBytes}
        onMore={() => setLimit(limit + CHUNK)}
      />
    </>
  );
}

export function Base64View({ rec }: { rec: MessageRecord }) {
  const [limit, setLimit] = useState(CHUNK);
  return (
    <>
      <pre class="ss-pre ss-wrap-all">{rec.data.slice(0, limit)}</pre>
      <ShowMore shown={Math.min(limit, rec.data.length)} total={rec.data.length} unit={chars} onMore={() => setLimit(limit + CHUNK)} />
    </>
  );
}
