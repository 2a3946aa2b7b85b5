/** The detail pane's Decoded tab: protocol, summary, pairing (with a jump), and the field tree; parts for multi-packet messages. */
import type { Decoded } from '../../decoders/types';
import type { MessageRecord } from '../../model/records';
import { usePanel } from '../capture/context';
import { DecodedTree } from './DecodedTree';
import { latencyLabel, pairedMessageId } from './latency';
import { ProtocolPicker, protocolName } from './ProtocolPicker';

function Unit({ d }: { d: Decoded }) {
  return (
    <>
      <p class="ss-dec-summary" data-testid="decoded-title">
        <strong>{protocolName(d.protocol)}</strong> · {d.kind}
        {d.control && <span class="ss-badge">{d.control}</span>}
        {d.pair && (
          <span class="ss-badge" title={`pairing key ${d.pair.key}`}>
            {d.pair.role}
          </span>
        )}
      </p>
      <p class="ss-pre">{d.summary}</p>
      {d.fields.length > 0 && <DecodedTree fields={d.fields} />}
    </>
  );
}

function PairLink({ rec }: { rec: MessageRecord }) {
  const { store, actions } = usePanel();
  const ex = store.decode.exchangeOf(rec);
  if (!ex) return null;
  const lat = latencyLabel(ex, rec.id);
  const target = pairedMessageId(ex, rec.id);
  const isRequest = ex.request.id === rec.id;
  return (
    <p class="ss-dec-pair" data-testid="pair-info">
      {isRequest ? 'Request' : 'Reply'} · <span title={lat.title}>{lat.text}</span>
      {target !== undefined && (
        <>
          {' · '}
          <button
            type="button"
            class="ss-link-button"
            data-testid="pair-jump"
            title="Jump to the paired message (key P in the table)"
            onClick={() => actions.selectMessage(target)}
          >
            {isRequest ? `go to reply #${target}` : `go to request #${target}`}
          </button>
        </>
      )}
    </p>
  );
}

/** Parts rendered at once: a message may hold hundreds of packets, each with its tree. */
const SHOWN_PARTS = 50;

export function DecodedView({ rec }: { rec: MessageRecord }) {
  const { store } = usePanel();
  void store.decode.version.value;
  const d = store.decode.decoded(rec);
  const failure = d ? undefined : store.decode.failure(rec);
  return (
    <div class="ss-decoded" data-testid="decoded-view">
      <ProtocolPicker connId={rec.conn} />
      {!d ? (
        <>
          <p class="ss-muted ss-hint">
            No decoder recognised this message{rec.truncated ? ' (it is stored truncated)' : ''}. Pick a protocol above to force one.
          </p>
          {failure !== undefined && (
            <p class="ss-error" data-testid="decode-failure">
              {failure}
            </p>
          )}
        </>
      ) : (
        <>
          <PairLink rec={rec} />
          {d.parts && d.parts.length > 1 ? (
            <>
              <p class="ss-pre">{d.summary}</p>
              {d.parts.slice(0, SHOWN_PARTS).map((p, i) => (
                <section key={i} class="ss-dec-part" data-testid="decoded-part">
                  <h3>Part {i + 1}</h3>
                  <Unit d={p} />
                </section>
              ))}
              {d.parts.length > SHOWN_PARTS && (
                <p class="ss-muted">{d.parts.length - SHOWN_PARTS} more parts not shown; the summary above counts them all.</p>
              )}
            </>
          ) : (
            <Unit d={d} />
          )}
        </>
      )}
    </div>
  );
}
