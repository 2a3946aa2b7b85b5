import type { ConnectionRecord } from '../../model/records';
import { closeSummary, handshakeStatus } from './conn-info';
import { countOf, formatBytes, formatCount, formatTime, splitUrl } from '../capture/format';
import { ProtocolLabel } from '../decoded/ProtocolPicker';
import { realmLabel, unseenWords, VIA_DEBUGGER } from './unseen';

/** "12 messages lost: the extension was reloaded": what the relay had to drop before the store got it. */
export function lostSummary(lost: NonNullable<ConnectionRecord['lost']>): string {
  return `${countOf(lost.messages, 'message')} lost: ${lost.reason === 'extension reloaded' ? 'the extension was reloaded' : 'background unreachable'}`;
}

/** One connection at a glance: where, whether it works, why it stopped (notes §1–2). */
export function ConnectionRow({ conn }: { conn: ConnectionRecord }) {
  const url = splitUrl(conn.url);
  const hs = handshakeStatus(conn);
  const close = closeSummary(conn);
  const ended = conn.close?.t;
  const realm = realmLabel(conn);
  const unseen = unseenWords(conn);
  return (
    <>
      <div class="ss-conn-line">
        <span class={`ss-dot ss-state-${conn.state}`} aria-hidden="true" />
        <span class="ss-conn-url" title={conn.url}>
          <span class="ss-url-origin">{url.origin}</span>
          <span class="ss-url-path">{url.path}</span>
        </span>
        <span class={`ss-state-label ss-state-${conn.state}`}>{conn.state}</span>
      </div>
      {url.query.length > 0 && (
        <div class="ss-query" aria-label="Query parameters">
          {url.query.map((q, i) => (
            <span key={i} class="ss-chip" title={`${q.name}=${q.value}`}>
              <span class="ss-chip-name">{q.name}</span>=<span class="ss-chip-value">{q.value}</span>
            </span>
          ))}
        </div>
      )}
      <div class="ss-conn-meta">
        {realm && (
          <span data-testid="conn-realm" class="ss-realm" title={`Opened in a ${realm}`}>
            {realm}
          </span>
        )}
        {conn.via === 'debugger' && (
          <span data-testid="conn-via" class="ss-realm" title={VIA_DEBUGGER}>
            debugger
          </span>
        )}
        <ProtocolLabel connId={conn.id} />
        {(conn.protocol || conn.extensions) && (
          <span title="Negotiated subprotocol and extensions">{[conn.protocol, conn.extensions].filter(Boolean).join(' · ')}</span>
        )}
        {hs && (
          <span data-testid="handshake-status" class={`ss-hs ss-hs-${hs.tone}`} title={hs.detail}>
            {hs.text}
          </span>
        )}
      </div>
      {!unseen && (
        <div class="ss-conn-meta">
          <span class="ss-out" aria-label={`sent ${conn.sent.messages} messages`}>
            ↑ {formatCount(conn.sent.messages)} · {formatBytes(conn.sent.bytes)}
          </span>
          <span class="ss-in" aria-label={`received ${conn.received.messages} messages`}>
            ↓ {formatCount(conn.received.messages)} · {formatBytes(conn.received.bytes)}
          </span>
          <span class="ss-times">
            {formatTime(conn.opened ?? conn.created)}
            {ended !== undefined && ` → ${formatTime(ended)}`}
          </span>
        </div>
      )}
      {unseen && (
        <div data-testid="unseen-info" class="ss-unseen" title={unseen.advice}>
          {unseen.label}
        </div>
      )}
      {close && (
        <div
          data-testid="close-info"
          class={`ss-close ${close.wasClean && close.code === 1000 ? '' : 'ss-close-bad'}`}
          title={close.meaning}
        >
          <strong>{close.title}</strong>
          {close.reason && <span> “{close.reason}”</span>}
          <span> · {close.wasClean ? 'clean' : 'not clean'}</span>
          {close.pageCall && <span> · {close.pageCall}</span>}
        </div>
      )}
      {conn.lost && (
        <div
          data-testid="lost-info"
          class="ss-close ss-close-bad"
          title={`${formatBytes(conn.lost.bytes)} captured in the page never reached the store`}
        >
          <strong>{lostSummary(conn.lost)}</strong>
        </div>
      )}
    </>
  );
}
