import { useEffect, useState } from 'preact/hooks';
import type { HttpHeader, ConnectionRecord } from '../../model/records';
import { checkAccept, closeSummary, handshakeStatus } from './conn-info';
import type { AcceptCheck } from './conn-info';
import { formatBytes, formatTime, splitUrl } from '../capture/format';
import { lostSummary } from './ConnectionRow';
import { initiatorText, realmLabel, unseenWords, VIA_DEBUGGER } from './unseen';

function Headers({ title, headers }: { title: string; headers: HttpHeader[] | undefined }) {
  return (
    <section>
      <h3>{title}</h3>
      {headers && headers.length > 0 ? (
        <table class="ss-kv">
          <tbody>
            {headers.map((h, i) => (
              <tr key={i}>
                <th scope="row">{h.name}</th>
                <td>{h.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="ss-muted">Not known (the browser did not report the handshake for this socket).</p>
      )}
    </section>
  );
}

/** Says whether Sec-WebSocket-Accept answers Sec-WebSocket-Key (notes §1). */
function AcceptLine({ conn }: { conn: ConnectionRecord }) {
  const [check, setCheck] = useState<AcceptCheck>({ state: 'unknown' });
  useEffect(() => {
    let live = true;
    setCheck({ state: 'unknown' });
    void checkAccept(conn).then((c) => live && setCheck(c));
    return () => {
      live = false;
    };
  }, [conn.handshake]);
  if (check.state === 'unknown') return null;
  return (
    <p data-testid="accept-check" class={check.state === 'match' ? 'ss-hs-ok' : 'ss-hs-bad'}>
      {check.state === 'match'
        ? '✓ Sec-WebSocket-Accept matches Sec-WebSocket-Key (RFC 6455 4.2.2)'
        : `✗ Sec-WebSocket-Accept does not match the key: expected ${check.expected}`}
    </p>
  );
}

/** Everything we know about one socket: URL, negotiation, handshake, close. */
export function ConnectionDetails({ conn }: { conn: ConnectionRecord }) {
  const url = splitUrl(conn.url);
  const hs = handshakeStatus(conn);
  const close = closeSummary(conn);
  const negotiated = conn.protocol ? conn.protocol : conn.state === 'connecting' ? '(not yet)' : '(none)';
  const unseen = unseenWords(conn);
  const realm = realmLabel(conn);
  return (
    <div class="ss-conn-details">
      {unseen && (
        <section data-testid="unseen-advice">
          <h3>{unseen.label}</h3>
          <p class="ss-prose">{unseen.advice}</p>
        </section>
      )}
      {realm && !unseen && <p class="ss-muted">Opened in a {realm}.</p>}
      {conn.via === 'debugger' && (
        <p class="ss-muted" data-testid="via-debugger">
          {VIA_DEBUGGER}
        </p>
      )}
      {conn.initiator && (
        <p class="ss-muted ss-wrap-all" data-testid="conn-initiator">
          Opened by: <span class="ss-mono">{initiatorText(conn)}</span>
        </p>
      )}
      <section>
        <h3>URL</h3>
        <p class="ss-mono ss-wrap-all">{conn.url}</p>
        {url.query.length > 0 && (
          <table class="ss-kv" aria-label="Query parameters">
            <tbody>
              {url.query.map((q, i) => (
                <tr key={i}>
                  <th scope="row">{q.name}</th>
                  <td>{q.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section>
        <h3>Negotiation</h3>
        <table class="ss-kv">
          <tbody>
            <tr>
              <th scope="row">Requested subprotocols</th>
              <td>{conn.protocols.length ? conn.protocols.join(', ') : '(none)'}</td>
            </tr>
            <tr>
              <th scope="row">Negotiated subprotocol</th>
              <td>{negotiated}</td>
            </tr>
            <tr>
              <th scope="row">Extensions</th>
              <td>{conn.extensions || '(none)'}</td>
            </tr>
            <tr>
              <th scope="row">Handshake</th>
              <td>{hs ? `${hs.text}${hs.detail ? ` — ${hs.detail}` : ''}` : 'unknown'}</td>
            </tr>
            <tr>
              <th scope="row">Created / opened</th>
              <td>
                {formatTime(conn.created)}
                {conn.opened !== undefined ? ` / ${formatTime(conn.opened)}` : ' / never opened'}
              </td>
            </tr>
            {close && (
              <tr>
                <th scope="row">Closed</th>
                <td>
                  {formatTime(conn.close?.t ?? 0)} — {close.title}
                  {close.reason && ` “${close.reason}”`}, {close.wasClean ? 'clean' : 'not clean'}
                  {close.pageCall && `, ${close.pageCall}`}. {close.meaning}
                </td>
              </tr>
            )}
            {conn.lost && (
              <tr data-testid="lost-detail">
                <th scope="row">Lost</th>
                <td>
                  {lostSummary(conn.lost)} ({formatBytes(conn.lost.bytes)}; last report {formatTime(conn.lost.t)}). The page sent or
                  received them, but Sockscope could not store them.
                </td>
              </tr>
            )}
            <tr>
              <th scope="row">Frame</th>
              <td class="ss-wrap-all">
                {conn.frameUrl}
                {conn.frameId !== 0 && ` (frame ${conn.frameId})`}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      <AcceptLine conn={conn} />
      <Headers title="Request headers" headers={conn.handshake?.requestHeaders} />
      <Headers title="Response headers" headers={conn.handshake?.responseHeaders} />
    </div>
  );
}
