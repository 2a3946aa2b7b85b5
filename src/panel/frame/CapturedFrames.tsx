/**
 * The Frame tab for a message of an imported pcap/pcapng capture: its
 * frames as captured (labelled so, never "reconstructed"), each with the bit
 * grid, legend and masked/unmasked hex, then the ping, pong and close frames
 * the capture saw around it. Control frames sit here, after the data
 * message they followed (like Wireshark's packet order), rather than as
 * table rows: the table lists what a page sees, and a page never sees them.
 */
import { useMemo } from 'preact/hooks';
import type { CapturedWire, ControlFrame, ImportedSession } from '../../import';
import type { ConnectionRecord, MessageRecord } from '../../model/records';
import { formatTime } from '../capture/format';
import { BitGrid, FieldLegend } from './BitGrid';
import { capturedMessage, controlAround, describeControl, parseWireFrame } from './captured';
import type { ParsedFrame } from './captured';
import { RFC } from './fields';
import { HexPair } from './HexPair';
import { connectionDeflate } from './reconstruct';

const arrow = (dir: 'in' | 'out'): string => (dir === 'out' ? '↑ client → server' : '↓ server → client');
const packetList = (packets: readonly number[]): string =>
  packets.length === 1 ? `packet ${packets[0]}` : `packets ${[...new Set(packets)].join(', ')}`;

function FrameCard({ parsed, title, deflate, open }: { parsed: ParsedFrame; title: string; deflate: boolean; open: boolean }) {
  if (!parsed.ok)
    return (
      <section class="ss-frame-card" data-testid="captured-frame">
        <h3>{title}</h3>
        <p class="ss-error" role="alert">
          {parsed.error}
        </p>
      </section>
    );
  const { frame, header } = parsed.value;
  return (
    <section class="ss-frame-card" data-testid="captured-frame">
      <h3>{title}</h3>
      <BitGrid frame={frame} header={header} deflate={deflate} />
      <details class="ss-frame-legend" open={open}>
        <summary>What the fields mean</summary>
        <FieldLegend frame={frame} deflate={deflate} />
      </details>
      <HexPair payload={frame.payload} masked={frame.maskedPayload} maskingKey={frame.maskingKey} compressed={frame.rsv1 && deflate} />
    </section>
  );
}

function ControlFrames({ label, frames, deflate }: { label: string; frames: ControlFrame[]; deflate: boolean }) {
  if (frames.length === 0) return null;
  return (
    <section class="ss-frame-control" data-testid="control-frames">
      <h3>{label}</h3>
      {frames.map((c, i) => {
        const parsed = parseWireFrame(c.frame, c.dir === 'out' ? 'client-to-server' : 'server-to-client', deflate, c.packet);
        return (
          <div key={i} data-testid="control-frame" data-kind={c.kind}>
            <FrameCard
              parsed={parsed}
              title={`${c.kind} ${describeControl(c)} · ${arrow(c.dir)} · ${formatTime(c.t)} · packet ${c.packet}`}
              deflate={deflate}
              open={false}
            />
          </div>
        );
      })}
    </section>
  );
}

export function CapturedFrames(props: {
  rec: MessageRecord;
  conn: ConnectionRecord | undefined;
  wire: CapturedWire;
  session: ImportedSession;
  file: string;
}) {
  const { rec, conn, wire, session, file } = props;
  const deflate = connectionDeflate(conn?.extensions) !== null;
  const m = useMemo(() => capturedMessage(rec, wire, deflate), [rec, wire, deflate]);
  const control = useMemo(() => controlAround(session, rec.id), [session, rec.id]);
  const out = m.direction === 'client-to-server';
  const n = m.frames.length;
  return (
    <div class="ss-frame" data-testid="frame-view">
      <p class="ss-frame-banner ss-frame-captured" role="note" data-testid="frame-captured">
        <strong>Captured frame{n === 1 ? '' : 's'}.</strong> The bytes of this {out ? 'client → server' : 'server → client'} message as{' '}
        {file} recorded them ({packetList(m.packets)}): the real header{out ? ', masking key' : ''} and payload ({RFC.frame.label}).
      </p>
      <p class={m.compressed ? '' : 'ss-muted'} data-testid="frame-compression">
        {m.compressed ? (
          <>
            <strong>permessage-deflate</strong>: RSV1 = 1 on the first frame, so the payload below is compressed as it was on the wire; the
            Text tab shows it inflated.{' '}
            <a href={RFC.deflate.href} target="_blank" rel="noreferrer">
              {RFC.deflate.label}
            </a>
          </>
        ) : deflate ? (
          'permessage-deflate was negotiated, but the sender did not compress this message (RSV1 = 0).'
        ) : (
          'No compression: permessage-deflate was not negotiated on this connection, so RSV1 is 0.'
        )}
      </p>
      <ControlFrames label="Before this message (control frames: a page never sees these)" frames={control.before} deflate={deflate} />
      <p class="ss-muted" data-testid="frame-summary">
        {n === 1 ? '1 frame' : `${n} frames (FIN only on the last; the first has the opcode, the rest are continuation frames)`},{' '}
        {m.wireBytes.toLocaleString('en-US')} bytes on the wire.
      </p>
      {m.frames.map((parsed, i) => (
        <FrameCard
          key={i}
          parsed={parsed}
          title={`${n > 1 ? `Frame ${i + 1} of ${n} · ` : ''}packet ${m.packets[i] ?? '?'}`}
          deflate={deflate}
          open={i === 0}
        />
      ))}
      <ControlFrames
        label="After this message, before the next one (control frames: a page never sees these)"
        frames={control.after}
        deflate={deflate}
      />
    </div>
  );
}
