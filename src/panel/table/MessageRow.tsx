import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { READY_STATES } from '../../model/records';
import { binaryPreviewHex, formatBytes, formatTime, textPreview } from '../capture/format';
import { DecodedCells, PreviewText } from '../decoded/DecodedCells';
import { usePanel } from '../capture/context';
import { couldNotRender, ErrorBoundary } from '../ui/ErrorBoundary';

export const ROW_HEIGHT = 20;

export interface ConnTag {
  label: string;
  title: string;
}

/** "#1 /socket.io/": the connection's position in the list and its path, for the all-connections table. */
export function connectionTags(conns: readonly ConnectionRecord[]): Map<string, ConnTag> {
  return new Map(
    conns.map((c, i) => {
      let path = c.url;
      try {
        path = new URL(c.url).pathname;
      } catch {
        // keep the raw URL
      }
      return [c.id, { label: `#${i + 1} ${path}`, title: c.url }];
    }),
  );
}

export interface MessageRowProps {
  rec: MessageRecord;
  index: number;
  selected: boolean;
  onSelect: (id: number, e?: MouseEvent) => void;
  connTag?: ConnTag | undefined;
  marked?: boolean;
  /** Its context menu is open. */
  menuOpen?: boolean;
}

/**
 * One table row, inside an error boundary: a message whose rendering throws
 * shows "could not render" in its own row (or only its Decoded cell), and the
 * table keeps rendering the others and every later message.
 */
export function MessageRow(props: MessageRowProps) {
  const { rec, index, selected, onSelect } = props;
  return (
    <ErrorBoundary
      resetKey={rec}
      fallback={(m) => (
        <div
          role="row"
          aria-rowindex={index + 2}
          aria-selected={selected}
          class={`ss-row ss-row-broken ${selected ? 'ss-selected' : ''}`}
          data-testid="message-row"
          data-msg-id={rec.id}
          onMouseDown={(e) => onSelect(rec.id, e)}
        >
          <span role="gridcell" class="ss-c-preview ss-error" data-testid="render-error">
            {couldNotRender(m)}
          </span>
        </div>
      )}
    >
      <RowCells {...props} />
    </ErrorBoundary>
  );
}

/** The Decoded and Latency cells, in their own boundary: decoding is where page data is hardest to render. */
function GuardedDecodedCells({ rec }: { rec: MessageRecord }) {
  const { store } = usePanel();
  return (
    <ErrorBoundary
      resetKey={`${rec.id}:${store.decode.version.value}`}
      fallback={(m) => (
        <>
          <span role="gridcell" class="ss-c-decoded ss-error" data-testid="decoded-summary" title={couldNotRender(m)}>
            <span data-testid="render-error">{couldNotRender(m)}</span>
          </span>
          <span role="gridcell" class="ss-c-latency" data-testid="latency" />
        </>
      )}
    >
      <DecodedCells rec={rec} />
    </ErrorBoundary>
  );
}

/** Page data only ever lands in text nodes. */
function RowCells({ rec, index, selected, onSelect, connTag, marked, menuOpen }: MessageRowProps) {
  const out = rec.dir === 'out';
  const discarded = rec.sentInState !== undefined ? (READY_STATES[rec.sentInState] ?? String(rec.sentInState)) : null;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      class={`ss-row ${out ? 'ss-row-out' : 'ss-row-in'} ${selected ? 'ss-selected' : ''} ${marked ? 'ss-marked' : ''} ${menuOpen ? 'ss-menu-target' : ''}`}
      data-testid="message-row"
      data-msg-id={rec.id}
      onMouseDown={(e) => onSelect(rec.id, e)}
    >
      {connTag && (
        <span role="gridcell" class="ss-c-conn" title={connTag.title}>
          {connTag.label}
        </span>
      )}
      <span role="gridcell" class="ss-c-time">
        {formatTime(rec.t)}
      </span>
      <span
        role="gridcell"
        class={`ss-c-dir ${out ? 'ss-out' : 'ss-in'}`}
        aria-label={out ? 'sent' : 'received'}
        title={out ? 'sent by the page' : 'received by the page'}
      >
        {out ? '↑' : '↓'}
      </span>
      <span role="gridcell" class="ss-c-type" title={rec.carrier ? `binary, sent/received as ${rec.carrier}` : undefined}>
        {rec.opcode === 1 ? 'text' : `binary${rec.carrier ? ` · ${rec.carrier}` : ''}`}
      </span>
      <span role="gridcell" class="ss-c-size">
        {formatBytes(rec.size)}
      </span>
      <GuardedDecodedCells rec={rec} />
      <span role="gridcell" class={`ss-c-preview ${rec.opcode === 2 ? 'ss-mono-dim' : ''}`}>
        {rec.origin && rec.origin !== 'page' && <span class={`ss-badge ss-badge-${rec.origin}`}>{rec.origin}</span>}
        {discarded && (
          <span class="ss-badge ss-badge-warn" title="send() was called while the socket was not OPEN: the browser discarded it">
            discarded ({discarded})
          </span>
        )}
        {rec.truncated && (
          <span class="ss-badge" title="Stored truncated">
            truncated
          </span>
        )}
        <PreviewText text={rec.opcode === 1 ? textPreview(rec.data) : binaryPreviewHex(rec.data, 48)} />
      </span>
    </div>
  );
}
