/** Sec-WebSocket-Accept for a typed Sec-WebSocket-Key (RFC 6455 4.2.2), optionally checked against a received one. */
import { useEffect, useState } from 'preact/hooks';
import { verifyAccept } from '../../protocol';
import type { AcceptCheck } from '../../protocol';
import { RFC } from './fields';

const RFC_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

export function AcceptTool() {
  const [key, setKey] = useState('');
  const [accept, setAccept] = useState('');
  const [check, setCheck] = useState<AcceptCheck | null>(null);
  useEffect(() => {
    let live = true;
    if (key.trim() === '') setCheck(null);
    else void verifyAccept(key, accept).then((c) => live && setCheck(c));
    return () => {
      live = false;
    };
  }, [key, accept]);
  return (
    <section class="ss-accept-tool" data-testid="accept-tool">
      <h3>Handshake: Sec-WebSocket-Accept</h3>
      <p class="ss-muted">
        The server proves it understood the handshake by answering base64(SHA-1(key + “258EAFA5-E914-47DA-95CA-C5AB0DC85B11”)).{' '}
        <a href={RFC.handshake.href} target="_blank" rel="noreferrer">
          {RFC.handshake.label}
        </a>
      </p>
      <div class="ss-frame-controls">
        <label class="ss-inline-field">
          Sec-WebSocket-Key{' '}
          <input
            type="text"
            class="ss-input ss-accept-input"
            spellcheck={false}
            placeholder={RFC_KEY}
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            data-testid="accept-key-input"
          />
        </label>
        <button type="button" class="ss-tool ss-tool-bordered" onClick={() => setKey(RFC_KEY)}>
          RFC example key
        </button>
        <label class="ss-inline-field">
          received Accept (optional){' '}
          <input
            type="text"
            class="ss-input ss-accept-input"
            spellcheck={false}
            value={accept}
            onInput={(e) => setAccept(e.currentTarget.value)}
            data-testid="accept-received-input"
          />
        </label>
      </div>
      {check && (
        <p>
          Sec-WebSocket-Accept:{' '}
          <code class="ss-mono" data-testid="accept-value">
            {check.expected}
          </code>{' '}
          {check.ok ? (
            <span class="ss-hs-ok">✓ matches the received value</span>
          ) : check.code === 'KEY_NOT_16_BYTES' ? (
            <span class="ss-warn">
              (note: {check.message}, {check.rfc})
            </span>
          ) : accept.trim() !== '' ? (
            <span class="ss-hs-bad">✗ the received value differs</span>
          ) : null}
        </p>
      )}
    </section>
  );
}
