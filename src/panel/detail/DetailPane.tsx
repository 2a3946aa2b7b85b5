import { useMemo } from 'preact/hooks';
import type { MessageRecord } from '../../model/records';
import type { Decoded } from '../../decoders/types';
import type { DecodeCache } from '../decoded/decode-cache';
import { CopyButton } from './CopyButton';
import { usePanel } from '../capture/context';
import { formatBytes, formatTime } from '../capture/format';
import { storedSize } from '../capture/payload';
import type { DetailTab } from '../capture/store';
import { ConnectionDetails } from '../connections/ConnectionDetails';
import { couldNotRender, ErrorBoundary } from '../ui/ErrorBoundary';
import { MessageActions } from '../compose/MessageActions';
import { DecodedView } from '../decoded/DecodedView';
import { FrameView } from '../frame/FrameView';
import { Base64View, HexView, JsonView, TextView } from './PayloadViews';
import { StackView } from './StackView';
import { savePayload } from './save-payload';
import { defaultTab, NO_PROTOCOL } from './tab-prefs';

const LABELS: Record<DetailTab, string> = {
  text: 'Text',
  json: 'JSON',
  hex: 'Hex',
  base64: 'Base64',
  connection: 'Connection',
  decoded: 'Decoded',
  frame: 'Frame',
  stack: 'Stack',
};

function MessageMeta({ rec }: { rec: MessageRecord }) {
  const { store } = usePanel();
  const out = rec.dir === 'out';
  const stored = useMemo(() => (rec.truncated ? storedSize(rec) : rec.size), [rec]);
  return (
    <div class="ss-meta">
      <span class={out ? 'ss-out' : 'ss-in'}>{out ? '↑ sent' : '↓ received'}</span>
      <span>{formatTime(rec.t)}</span>
      <span>
        {rec.opcode === 1 ? 'text' : 'binary'}
        {rec.carrier && ` (${rec.carrier})`} · {formatBytes(rec.size)}
      </span>
      {rec.buffered !== undefined && (
        <span title="bufferedAmount read right after send(): bytes queued but not yet sent">
          bufferedAmount {formatBytes(rec.buffered)}
        </span>
      )}
      {rec.origin && rec.origin !== 'page' && <span class={`ss-badge ss-badge-${rec.origin}`}>{rec.origin} by Sockscope</span>}
      {rec.truncated && (
        <span class="ss-warn" data-testid="truncated-notice">
          stored truncated to {formatBytes(stored)} of {formatBytes(rec.size)}
        </span>
      )}
      <CopyButton key={rec.id} label={rec.opcode === 1 ? 'Copy text' : 'Copy base64'} text={() => rec.data} />
      <button
        type="button"
        class="ss-tool"
        data-testid="msg-save"
        title={`Save the payload as a file (${rec.opcode === 1 ? '.json when it parses, else .txt' : '.bin'})`}
        onClick={() => savePayload(store, rec)}
      >
        ⤓ Save
      </button>
      <MessageActions rec={rec} />
    </div>
  );
}

const tabError = (m: string) => (
  <p class="ss-error" role="alert" data-testid="render-error">
    {couldNotRender(m)}
  </p>
);

/** The message decoded, or undefined when the decoder throws (the Decoded tab's boundary then says so). */
function decodedOf(cache: DecodeCache, rec: MessageRecord): Decoded | undefined {
  try {
    return cache.decoded(rec);
  } catch {
    return undefined;
  }
}

/** WAI-ARIA tabs pattern: arrows move between tabs (roving tabindex). */
function onTabKey(e: KeyboardEvent, tabs: DetailTab[], tab: DetailTab, select: (t: DetailTab) => void): void {
  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
  if (step === 0) return;
  e.preventDefault();
  const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length] as DetailTab;
  select(next);
  const list = e.currentTarget as HTMLElement;
  queueMicrotask(() => list.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus());
}

/** Right pane: the selected message in several renderings, or the selected connection. */
export function DetailPane() {
  const { store, actions } = usePanel();
  const rec = store.selectedRecord.value;
  const connId = rec?.conn ?? store.selectedConn.value;
  const conn = connId === null ? undefined : store.connections.value.get(connId);
  // Stack: while "Record stacks" is on, or for what was recorded while it was.
  const stacks = store.options.value.recordStacks === true || rec?.stack !== undefined || conn?.stack !== undefined;
  const tabs: DetailTab[] = rec
    ? ['text', 'decoded', 'json', 'hex', ...(rec.opcode === 2 ? (['base64'] as const) : []), 'frame', 'connection']
    : ['connection'];
  if (stacks) tabs.push('stack');
  void store.decode.version.value; // an override changes the decoding
  const decoded = rec ? decodedOf(store.decode, rec) : undefined;
  const protocol = decoded?.protocol ?? NO_PROTOCOL;
  const chosen = store.tabPrefs.chosen.value;
  // A message opens on the tab chosen for its protocol, or Decoded / JSON / Text (tab-prefs.ts); choosing
  // another decoder for the message shown does not move the user off the tab they are on.
  const opened = useMemo(() => chosen.get(protocol) ?? defaultTab(protocol), [rec?.id, chosen]);
  const wanted = rec ? opened : store.detailTab.value;
  const tab = tabs.includes(wanted) ? wanted : tabs.includes(defaultTab(protocol)) ? defaultTab(protocol) : (tabs[0] as DetailTab);

  return (
    <div class="ss-detail" data-testid="detail-pane">
      <div class="ss-tabs" role="tablist" aria-label="Message views" onKeyDown={(e) => onTabKey(e, tabs, tab, actions.setDetailTab)}>
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === tab}
            tabIndex={t === tab ? 0 : -1}
            data-tab={t}
            class={`ss-tab ${t === tab ? 'ss-tab-on' : ''}`}
            onClick={() => actions.setDetailTab(t)}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      {rec && tab !== 'connection' && (
        <ErrorBoundary resetKey={rec} fallback={tabError}>
          <MessageMeta rec={rec} />
        </ErrorBoundary>
      )}
      <div class="ss-detail-body" role="tabpanel" aria-label={LABELS[tab]} key={`${rec?.id ?? ''}:${tab}`}>
        {/* One boundary per tab: a message that breaks one rendering leaves the other tabs usable. */}
        <ErrorBoundary resetKey={`${rec?.id ?? ''}:${tab}`} fallback={tabError}>
          {tab === 'stack' ? (
            <StackView rec={rec} conn={conn} />
          ) : tab === 'connection' ? (
            conn ? (
              <ConnectionDetails conn={conn} />
            ) : (
              <p class="ss-muted ss-hint">Select a message or a connection to see its details.</p>
            )
          ) : rec ? (
            {
              text: <TextView rec={rec} />,
              json: <JsonView rec={rec} decoded={decoded} />,
              hex: <HexView rec={rec} />,
              base64: <Base64View rec={rec} />,
              decoded: <DecodedView rec={rec} />,
              frame: <FrameView rec={rec} conn={conn} />,
            }[tab]
          ) : null}
        </ErrorBoundary>
      </div>
    </div>
  );
}
