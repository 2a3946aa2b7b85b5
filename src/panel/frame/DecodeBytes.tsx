/**
 * "Decode bytes": paste raw frames (hex as tshark, Wireshark, xxd print it,
 * or base64), see every field, the unmasking, the reassembled (and
 * inflated) messages, and errors on the offending bits. Opened from the
 * toolbar; it overlays the panel and keeps its input while closed.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Message, ProtocolError } from '../../protocol';
import { toHex } from '../../protocol';
import { usePanel } from '../capture/context';
import { AcceptTool } from './AcceptTool';
import { BitGrid, FieldLegend } from './BitGrid';
import { decodeInput, describePosition, EXAMPLES } from './decode-input';
import type { DecodedFrameView } from './decode-input';
import { RFC } from './fields';
import { HexPair } from './HexPair';
import { frameActions } from './state';
import type { DirectionChoice } from './state';
import './frame.css';

const DIRECTIONS: { value: DirectionChoice; label: string }[] = [
  { value: 'auto', label: 'auto (masked = from the client)' },
  { value: 'client-to-server', label: 'client → server' },
  { value: 'server-to-client', label: 'server → client' },
];

function ErrorLine({ e }: { e: ProtocolError }) {
  return (
    <li class="ss-error" data-testid="decode-error">
      ✗ {e.message} — {describePosition(e)} ({e.rfc}; a receiver would close with {e.closeCode})
    </li>
  );
}

function FrameCard({ v, index, deflate }: { v: DecodedFrameView; index: number; deflate: boolean }) {
  const f = v.frame;
  return (
    <section class="ss-frame-card" data-testid="decoded-frame">
      <h3>
        Frame {index + 1} · bytes {f.offset}–{f.offset + f.headerLength + f.payloadLength - 1} · {f.opcodeName}
        {f.fin ? '' : ' (not final)'}
      </h3>
      <BitGrid frame={f} header={v.header} deflate={deflate} errorBits={v.errorBits} />
      {v.errors.length > 0 && (
        <ul class="ss-decode-errors" role="alert">
          {v.errors.map((e, i) => (
            <ErrorLine key={i} e={e} />
          ))}
        </ul>
      )}
      <details class="ss-frame-legend" open={index === 0}>
        <summary>What the fields mean</summary>
        <FieldLegend frame={f} deflate={deflate} />
      </details>
      <HexPair
        payload={f.payload}
        masked={f.maskedPayload}
        maskingKey={f.maskingKey}
        compressed={f.rsv1 && deflate}
        errorBytes={v.errorBytes}
      />
    </section>
  );
}

function MessageLine({ m }: { m: Message }) {
  const head = `${m.kind}${m.frameCount > 1 ? `, reassembled from ${m.frameCount} frames` : ''}${m.compressed ? ', inflated (permessage-deflate)' : ''}, ${m.data.length} bytes`;
  const body =
    m.kind === 'close'
      ? `close code ${m.closeCode ?? '(none)'}${m.text ? ` reason “${m.text}”` : ''}`
      : m.text !== null
        ? m.text
        : toHex(m.data.subarray(0, 256), ' ') + (m.data.length > 256 ? ' …' : '');
  return (
    <li>
      <span class="ss-muted">{head}:</span>{' '}
      <span class="ss-mono ss-wrap-all" data-testid="decoded-message">
        {body}
      </span>
    </li>
  );
}

export function DecodeBytes() {
  const { store } = usePanel();
  const ui = store.frame;
  const act = frameActions(ui);
  const form = ui.decode.value;
  const outcome = useMemo(() => decodeInput(form), [form]);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div
      class="ss-decode"
      role="dialog"
      aria-label="Decode bytes"
      data-testid="decode-bytes"
      onKeyDown={(e) => {
        if (e.key === 'Escape') act.setDecodeOpen(false);
      }}
    >
      <div class="ss-decode-head">
        <h2>Decode bytes</h2>
        <span class="ss-muted">Paste raw WebSocket frames to see every field. Nothing leaves this panel.</span>
        <button
          type="button"
          class="ss-tool ss-tool-bordered ss-decode-close"
          onClick={() => act.setDecodeOpen(false)}
          data-testid="decode-close"
          title="Close (Esc)"
        >
          ✕ Close
        </button>
      </div>
      <div class="ss-decode-body">
        <label class="ss-decode-label" for="ss-decode-input">
          Frames as hex (<code>81 87 e1 a4…</code>, <code>8187e1a4</code>, <code>0x81,0x87</code>, <code>81:87:e1</code>, Wireshark/xxd hex
          dumps) or base64
        </label>
        <textarea
          id="ss-decode-input"
          ref={input}
          class="ss-input ss-decode-input"
          rows={4}
          spellcheck={false}
          placeholder="81 87 e1 a4 c6 1d 8c c5 f4 6e 80 cf a7"
          value={form.text}
          onInput={(e) => act.setDecodeForm({ text: e.currentTarget.value })}
          data-testid="decode-input"
        />
        <div class="ss-decode-examples">
          <span class="ss-muted">Examples:</span>
          {EXAMPLES.map((x) => (
            <button
              key={x.label}
              type="button"
              class="ss-tool ss-tool-bordered"
              title={x.title}
              onClick={() => act.setDecodeForm({ direction: 'auto', ...x.form })}
              data-testid="decode-example"
            >
              {x.label}
            </button>
          ))}
        </div>
        <div class="ss-frame-controls">
          <label class="ss-inline-field">
            Sent by{' '}
            <select
              value={form.direction}
              onInput={(e) => act.setDecodeForm({ direction: e.currentTarget.value as DirectionChoice })}
              data-testid="decode-direction"
            >
              {DIRECTIONS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label
            class="ss-inline-field"
            title="The connection negotiated Sec-WebSocket-Extensions: permessage-deflate (RSV1 marks compressed messages)"
          >
            <input
              type="checkbox"
              checked={form.deflate}
              onChange={(e) => act.setDecodeForm({ deflate: e.currentTarget.checked })}
              data-testid="decode-deflate"
            />{' '}
            permessage-deflate
          </label>
          <label class="ss-inline-field" title="The sender resets its compressor after every message (server_/client_no_context_takeover)">
            <input
              type="checkbox"
              disabled={!form.deflate}
              checked={form.noContextTakeover}
              onChange={(e) => act.setDecodeForm({ noContextTakeover: e.currentTarget.checked })}
            />{' '}
            no_context_takeover
          </label>
          <a href={RFC.frame.href} target="_blank" rel="noreferrer">
            {RFC.frame.label}
          </a>
        </div>
        <DecodeResult outcome={outcome} deflate={form.deflate} />
        <AcceptTool />
      </div>
    </div>
  );
}

function DecodeResult({ outcome, deflate }: { outcome: ReturnType<typeof decodeInput>; deflate: boolean }) {
  if (outcome.kind === 'empty')
    return (
      <p class="ss-muted">
        Paste bytes above, or pick an example. Client → server frames are masked with a 4-byte key; server → client frames never are.
      </p>
    );
  if (outcome.kind === 'input-error')
    return (
      <p class="ss-error" role="alert" data-testid="decode-input-error">
        {outcome.message}
      </p>
    );
  const dir = outcome.direction === 'client-to-server' ? 'client → server' : 'server → client';
  return (
    <div data-testid="decode-result">
      <p class="ss-muted">
        {outcome.bytes.length} bytes, {outcome.frames.length} frame{outcome.frames.length === 1 ? '' : 's'}, sent {dir}
        {outcome.guessed ? ` (guessed: the first frame is ${outcome.direction === 'client-to-server' ? '' : 'not '}masked)` : ''}.
      </p>
      {outcome.messages.length > 0 && (
        <section class="ss-decode-messages">
          <h3>Message{outcome.messages.length === 1 ? '' : 's'}</h3>
          <ul>
            {outcome.messages.map((m, i) => (
              <MessageLine key={i} m={m} />
            ))}
          </ul>
        </section>
      )}
      {outcome.streamErrors.length > 0 && (
        <ul class="ss-decode-errors" role="alert">
          {outcome.streamErrors.map((e, i) => (
            <ErrorLine key={i} e={e} />
          ))}
        </ul>
      )}
      {outcome.frames.map((v, i) => (
        <FrameCard key={`${i}:${v.frame.offset}`} v={v} index={i} deflate={deflate} />
      ))}
    </div>
  );
}

/** The toolbar button. */
export function DecodeBytesButton() {
  const { store } = usePanel();
  const open = store.frame.decodeOpen.value;
  return (
    <button
      type="button"
      class="ss-tool"
      aria-pressed={open}
      data-testid="decode-bytes-button"
      title="Decode raw WebSocket frames pasted as hex or base64"
      onClick={() => frameActions(store.frame).setDecodeOpen(!open)}
    >
      <span aria-hidden="true">0x</span> Decode<span class="ss-wide-only"> bytes</span>
    </button>
  );
}

/** Mounted inside the main area; renders only while open. */
export function DecodeBytesOverlay() {
  const { store } = usePanel();
  return store.frame.decodeOpen.value ? <DecodeBytes /> : null;
}
