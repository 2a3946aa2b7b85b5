/** The Decoded (summary) and Latency cells of a message row; decoding happens here, for visible rows only. */
import type { MessageRecord } from '../../model/records';
import { usePanel } from '../capture/context';
import { Highlighted } from '../filter/Highlighted';
import { latencyLabel } from './latency';

export function DecodedCells({ rec }: { rec: MessageRecord }) {
  const { store } = usePanel();
  void store.decode.version.value;
  const d = store.decode.decoded(rec);
  // Why the connection's own protocol (or a decoder) could not read it, e.g. "mqtt: not MQTT after 5 bytes…".
  const failure = d ? undefined : store.decode.failure(rec);
  const ex = d ? store.decode.exchangeOf(rec) : undefined;
  const lat = ex && latencyLabel(ex, rec.id);
  const highlight = store.filterResult.value.highlight;
  return (
    <>
      <span
        role="gridcell"
        class={`ss-c-decoded ${d?.control ? 'ss-control' : ''}`}
        data-testid="decoded-summary"
        title={d ? `${d.protocol} · ${d.kind}${d.control ? ` · ${d.control}` : ''}` : undefined}
      >
        {d && <Highlighted text={d.summary} ranges={highlight?.(d.summary)} />}
        {failure !== undefined && (
          <span class="ss-muted" data-testid="decode-failure" title={failure}>
            ⚠ {failure}
          </span>
        )}
      </span>
      <span role="gridcell" class={`ss-c-latency ${lat ? `ss-lat-${lat.tone}` : ''}`} data-testid="latency" title={lat?.title}>
        {lat?.text}
      </span>
    </>
  );
}

/** The Data cell's text with the filter's matches marked. */
export function PreviewText({ text }: { text: string }) {
  const { store } = usePanel();
  const highlight = store.filterResult.value.highlight;
  return <Highlighted text={text} ranges={highlight?.(text)} />;
}
