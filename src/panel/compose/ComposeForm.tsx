/** Compose a message (text, JSON, hex, base64) or a Socket.IO emit, and send or inject it. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { usePanel } from '../capture/context';
import { useCompose } from './context';
import { buildPayload, prettyJson } from './payload-input';
import type { ComposeFormat } from './payload-input';
import { encodeSocketIoEmit, parseSocketIoAck } from './socketio';
import { TargetSelect, useTarget } from './TargetSelect';
import type { SendOrigin } from '../../messaging/protocol';

/** Our ack ids start high, away from the page's own counter (socket.io-client starts at 0). */
let nextAckId = 9000 + Math.floor(Math.random() * 1000);

function SocketIoAck({ conn, ackId }: { conn: string; ackId: number }) {
  const { store } = usePanel();
  void store.version.value;
  const list = store.log.connIndex(conn);
  let args: unknown[] | undefined;
  for (let i = (list?.length ?? 0) - 1, n = 0; i >= 0 && n < 5000 && !args; i--, n++) {
    const rec = store.log.bySeq(list?.at(i) ?? -1);
    if (rec && rec.dir === 'in' && rec.opcode === 1 && rec.data.startsWith('43')) args = parseSocketIoAck(rec.data, ackId);
  }
  return (
    <p class="ss-muted" data-testid="sio-ack-result">
      {args ? `ack ${ackId} received: ${JSON.stringify(args)}` : `waiting for ack ${ackId}…`}
    </p>
  );
}

export function ComposeForm() {
  const c = useCompose();
  const { store } = usePanel();
  const target = useTarget();
  const urlOf = (conn: string): string => store.connections.value.get(conn)?.url ?? '';
  const [mode, setMode] = useState<'message' | 'socketio'>('message');
  const [format, setFormat] = useState<ComposeFormat>('text');
  const [text, setText] = useState('');
  const [origin, setOrigin] = useState<SendOrigin>('composed');
  const [sio, setSio] = useState({ event: '', args: '', ns: '/', ack: true });
  const [sentAck, setSentAck] = useState<{ conn: string; ackId: number } | null>(null);
  const draft = c?.draft.value;
  const [ackPreview, setAckPreview] = useState(() => nextAckId);
  useEffect(() => {
    if (!draft) return;
    setFormat(draft.format);
    setText(draft.text);
    setOrigin(draft.origin);
    if (!draft.sio) return setMode('message');
    setMode('socketio');
    setSio({ event: draft.sio.event, args: draft.sio.argsJson, ns: draft.sio.namespace, ack: draft.sio.ack });
    setAckPreview(++nextAckId); // a fresh id, never the captured one
  }, [draft?.n]);

  const sioPacket = useMemo(
    () => encodeSocketIoEmit({ event: sio.event, argsJson: sio.args, namespace: sio.ns, ...(sio.ack ? { ackId: ackPreview } : {}) }),
    [sio, ackPreview],
  );
  const built = useMemo(
    () =>
      mode === 'socketio'
        ? sioPacket.ok
          ? buildPayload('text', sioPacket.text)
          : { ok: false as const, error: sioPacket.error }
        : buildPayload(format, text),
    [mode, format, text, sioPacket],
  );
  if (!c) return null;

  const send = async (how: 'send' | 'inject') => {
    if (!target || !built.ok) return;
    if (how === 'inject') return void (await c.inject(target, built.payload));
    const o = await c.send(target, built.payload, mode === 'socketio' ? 'composed' : origin);
    if (o.ok) setOrigin('composed'); // "Edit & resend" marks that one send as edited, not what is composed next
    if (o.ok && mode === 'socketio' && sio.ack) {
      setSentAck({ conn: target, ackId: ackPreview });
      setAckPreview(++nextAckId);
    }
  };

  return (
    <div class="ss-compose-form">
      <div class="ss-compose-row">
        <TargetSelect />
        <label class="ss-check">
          <input type="radio" name="ss-mode" checked={mode === 'message'} onChange={() => setMode('message')} /> Message
        </label>
        <label class="ss-check">
          <input
            type="radio"
            name="ss-mode"
            data-testid="compose-mode-socketio"
            checked={mode === 'socketio'}
            onChange={() => setMode('socketio')}
          />{' '}
          Socket.IO emit
        </label>
        {mode === 'message' && (
          <label class="ss-field">
            Format
            <select data-testid="compose-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as ComposeFormat)}>
              <option value="text">Text</option>
              <option value="json">JSON</option>
              <option value="hex">Binary (hex)</option>
              <option value="base64">Binary (base64)</option>
            </select>
          </label>
        )}
        {mode === 'message' && format === 'json' && (
          <button type="button" class="ss-tool" data-testid="compose-pretty" onClick={() => setText(prettyJson(text))}>
            Pretty-print
          </button>
        )}
      </div>
      {mode === 'message' ? (
        <textarea
          class="ss-compose-input"
          data-testid="compose-input"
          spellcheck={false}
          placeholder={
            format === 'hex'
              ? '81 85 37 fa … (any hex dump form)'
              : format === 'base64'
                ? 'base64'
                : format === 'json'
                  ? '{"type": "ping"}'
                  : 'message text'
          }
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      ) : (
        <div class="ss-compose-row">
          <label class="ss-field">
            Event <input data-testid="sio-event" value={sio.event} onInput={(e) => setSio({ ...sio, event: e.currentTarget.value })} />
          </label>
          <label class="ss-field ss-grow">
            Arguments (JSON)
            <input
              data-testid="sio-args"
              spellcheck={false}
              placeholder='["hello", {"n": 1}]'
              value={sio.args}
              onInput={(e) => setSio({ ...sio, args: e.currentTarget.value })}
            />
          </label>
          <label class="ss-field">
            Namespace <input data-testid="sio-ns" size={8} value={sio.ns} onInput={(e) => setSio({ ...sio, ns: e.currentTarget.value })} />
          </label>
          <label class="ss-check">
            <input
              type="checkbox"
              data-testid="sio-ack"
              checked={sio.ack}
              onChange={(e) => setSio({ ...sio, ack: e.currentTarget.checked })}
            />{' '}
            with ack
          </label>
        </div>
      )}
      {mode === 'socketio' && sioPacket.ok && (
        <p class="ss-sio-packet">
          <span class="ss-muted">Packet (Engine.IO 4 + Socket.IO 2 EVENT{sio.ack ? ', with ack id' : ''}): </span>
          <span class="ss-mono" data-testid="sio-preview">
            {sioPacket.text}
          </span>
        </p>
      )}
      {!built.ok && (text !== '' || mode === 'socketio') && (
        <p class="ss-error" data-testid="compose-error" role="alert">
          {built.error}
        </p>
      )}
      <div class="ss-compose-row">
        <button type="button" class="ss-tool" data-testid="compose-send" disabled={!target || !built.ok} onClick={() => void send('send')}>
          ↑ Send to server
        </button>
        <button
          type="button"
          class="ss-tool"
          data-testid="compose-inject"
          disabled={!target || !built.ok}
          title="Deliver to the page as if the server sent it"
          onClick={() => void send('inject')}
        >
          ↓ Inject into page
        </button>
        <button
          type="button"
          class="ss-tool"
          data-testid="compose-reopen"
          disabled={!target}
          title="Open a new connection to the same URL and subprotocols, from the page"
          onClick={() => target && void c.reopen(target)}
        >
          ⟳ Reopen
        </button>
        <button
          type="button"
          class="ss-tool"
          data-testid="snippet-save"
          disabled={!target || !built.ok}
          onClick={() => {
            const name =
              built.ok && built.payload.opcode === 1 ? built.payload.text.slice(0, 40) : `binary ${new Date().toLocaleTimeString()}`;
            if (target && built.ok) c.memory.saveSnippet(urlOf(target), name, built.payload);
          }}
        >
          ☆ Save snippet
        </button>
      </div>
      {sentAck && sentAck.conn === target && <SocketIoAck conn={sentAck.conn} ackId={sentAck.ackId} />}
    </div>
  );
}
