/**
 * UI state of the frame viewer and the Decode bytes tool, kept in the panel
 * store (style.md "Panel state apart from views") so a choice such as "zero
 * masking key" survives selecting another message. Changed only through
 * the actions below.
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';

/** How reconstructed client→server frames are masked (RFC 6455 5.3). */
export type MaskMode = 'random' | 'zero' | 'custom';

/** Most fragments the Frame tab splits a message into. */
export const MAX_FRAGMENTS = 16;

export interface FrameUiState {
  /** The Decode bytes view is open. */
  decodeOpen: Signal<boolean>;
  maskMode: Signal<MaskMode>;
  /** What the user typed as a key (hex), used when maskMode is 'custom'. */
  customKey: Signal<string>;
  /** Split the reconstructed message into this many frames (1 = unfragmented). */
  fragments: Signal<number>;
  /** Bumped by "new random key": the random keys are drawn again. */
  keySeed: Signal<number>;
  /** The Decode bytes form, kept while the view is closed. */
  decode: Signal<DecodeForm>;
}

export type DirectionChoice = 'auto' | 'client-to-server' | 'server-to-client';

export interface DecodeForm {
  text: string;
  direction: DirectionChoice;
  deflate: boolean;
  noContextTakeover: boolean;
}

export const EMPTY_DECODE_FORM: DecodeForm = { text: '', direction: 'auto', deflate: false, noContextTakeover: false };

export function createFrameUiState(): FrameUiState {
  return {
    decodeOpen: signal(false),
    maskMode: signal('random'),
    customKey: signal(''),
    fragments: signal(1),
    keySeed: signal(0),
    decode: signal(EMPTY_DECODE_FORM),
  };
}

export interface FrameActions {
  setDecodeOpen(open: boolean): void;
  setMaskMode(mode: MaskMode): void;
  setCustomKey(text: string): void;
  setFragments(n: number): void;
  newRandomKey(): void;
  setDecodeForm(change: Partial<DecodeForm>): void;
}

export function frameActions(state: FrameUiState): FrameActions {
  return {
    setDecodeOpen: (open) => void (state.decodeOpen.value = open),
    setMaskMode: (mode) => void (state.maskMode.value = mode),
    setCustomKey: (text) => void (state.customKey.value = text),
    setFragments: (n) => void (state.fragments.value = Number.isInteger(n) ? Math.min(Math.max(n, 1), MAX_FRAGMENTS) : 1),
    newRandomKey: () => void state.keySeed.value++,
    setDecodeForm: (change) => void (state.decode.value = { ...state.decode.value, ...change }),
  };
}

/** A typed key: exactly 4 bytes of hex in any spacing (`e1a4c61d`, `e1 a4 c6 1d`, `0xe1 …`). */
export function parseMaskKey(text: string): { ok: true; key: Uint8Array } | { ok: false; error: string } {
  const digits = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits)) return { ok: false, error: 'the key must be hex digits' };
  if (digits.length !== 8) return { ok: false, error: `the key is 4 bytes = 8 hex digits (got ${digits.length})` };
  const key = new Uint8Array(4);
  for (let i = 0; i < 4; i++) key[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, key };
}
