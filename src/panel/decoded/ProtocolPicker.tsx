/** The protocol a connection speaks, and the manual override (a select of every decoder). */
import { listDecoders } from '../../decoders/registry';
import { usePanel } from '../capture/context';

const NAMES = new Map(listDecoders().map((d) => [d.id, d.name]));
const SOURCES = { override: 'chosen by hand', announced: 'from the subprotocol or URL', content: 'detected from the content' } as const;

export function protocolName(id: string): string {
  return NAMES.get(id) ?? id;
}

/** A short label for the connection list. */
export function ProtocolLabel({ connId }: { connId: string }) {
  const { store } = usePanel();
  void store.decode.version.value;
  void store.version.value; // sniffing needs the first messages
  const p = store.decode.protocolOf(connId);
  if (!p) return null;
  return (
    <span class="ss-chip ss-proto" data-testid="conn-protocol" title={`Decoded as ${protocolName(p.id)} (${SOURCES[p.source]})`}>
      {protocolName(p.id)}
      {p.source === 'override' && ' ✎'}
    </span>
  );
}

export function ProtocolPicker({ connId }: { connId: string }) {
  const { store } = usePanel();
  void store.decode.version.value;
  const override = store.decode.overrides.value.get(connId) ?? '';
  const auto = override === '' ? store.decode.protocolOf(connId) : undefined;
  return (
    <label class="ss-check ss-proto-picker">
      Decode as
      <select
        data-testid="protocol-override"
        value={override}
        onInput={(e) => store.decode.setOverride(connId, e.currentTarget.value || null)}
      >
        <option value="">Auto{auto ? ` (${protocolName(auto.id)})` : ''}</option>
        {listDecoders().map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
