/** Choices for the reconstruction: the masking key and the number of fragments. */
import { useMemo } from 'preact/hooks';
import { MAX_FRAGMENTS, frameActions, parseMaskKey } from './state';
import type { FrameUiState, MaskMode } from './state';

const ZERO_KEY = new Uint8Array(4);

export interface MaskKeys {
  keyFor: (index: number) => Uint8Array;
  error: string | null;
}

/** Keys per fragment: random ones are drawn once per message (and on "new key"), so re-renders keep them. */
export function useMaskKeys(ui: FrameUiState, messageId: number): MaskKeys {
  const mode = ui.maskMode.value;
  const typed = ui.customKey.value;
  const seed = ui.keySeed.value;
  return useMemo(() => {
    if (mode === 'zero') return { keyFor: () => ZERO_KEY, error: null };
    if (mode === 'custom') {
      const parsed = parseMaskKey(typed);
      return parsed.ok
        ? { keyFor: () => parsed.key, error: null }
        : { keyFor: () => ZERO_KEY, error: `${parsed.error}; using 00 00 00 00 meanwhile` };
    }
    const random = globalThis.crypto.getRandomValues(new Uint8Array(4 * MAX_FRAGMENTS));
    return { keyFor: (i: number) => random.subarray(4 * i, 4 * i + 4), error: null };
  }, [mode, typed, seed, messageId]);
}

const MODES: { mode: MaskMode; label: string; title: string }[] = [
  { mode: 'random', label: 'random', title: 'A fresh random key per frame, as browsers do' },
  { mode: 'zero', label: 'zero', title: 'Key 00 00 00 00: masked bytes equal the payload (easy to read)' },
  { mode: 'custom', label: 'typed', title: 'Type a key, e.g. e1 a4 c6 1d' },
];

export function FrameControls({ ui, out, keyError }: { ui: FrameUiState; out: boolean; keyError: string | null }) {
  const act = frameActions(ui);
  const mode = ui.maskMode.value;
  return (
    <div class="ss-frame-controls">
      {out ? (
        <fieldset class="ss-inline-field">
          <legend>Masking key</legend>
          {MODES.map((m) => (
            <label key={m.mode} title={m.title}>
              <input
                type="radio"
                name="ss-mask-mode"
                checked={mode === m.mode}
                onChange={() => act.setMaskMode(m.mode)}
                data-testid={`mask-${m.mode}`}
              />{' '}
              {m.label}
            </label>
          ))}
          {mode === 'custom' && (
            <input
              type="text"
              class="ss-input ss-key-input"
              aria-label="Masking key (4 bytes hex)"
              placeholder="e1 a4 c6 1d"
              spellcheck={false}
              value={ui.customKey.value}
              aria-invalid={keyError ? true : undefined}
              onInput={(e) => act.setCustomKey(e.currentTarget.value)}
              data-testid="mask-key-input"
            />
          )}
          {mode === 'random' && (
            <button type="button" class="ss-tool ss-tool-bordered" onClick={() => act.newRandomKey()}>
              New key
            </button>
          )}
          {keyError && (
            <span class="ss-error" role="alert">
              {keyError}
            </span>
          )}
        </fieldset>
      ) : (
        <span class="ss-muted">Not masked: server → client frames never are.</span>
      )}
      <label class="ss-inline-field" title="Split the message into this many frames (RFC 6455 5.4 fragmentation)">
        Fragments{' '}
        <input
          type="number"
          class="ss-input ss-num-input"
          min={1}
          max={MAX_FRAGMENTS}
          value={ui.fragments.value}
          onInput={(e) => {
            // An empty box while the user retypes is not a request for 1 fragment.
            const n = e.currentTarget.valueAsNumber;
            if (Number.isFinite(n) && n >= 1) act.setFragments(Math.floor(n));
          }}
          data-testid="fragments-input"
        />
      </label>
    </div>
  );
}
