/** The panel's status line for notices (notice.ts): role=status, so screen readers announce it; text nodes only. */
import { useEffect } from 'preact/hooks';
import type { Signal } from '@preact/signals';
import { NOTICE_MS } from './notice';
import type { Notice } from './notice';
import './ui.css';

export function NoticeHost({ notice }: { notice: Signal<Notice | null> }) {
  const n = notice.value;
  useEffect(() => {
    if (!n || n.kind !== 'ok') return;
    const timer = setTimeout(() => {
      if (notice.peek() === n) notice.value = null;
    }, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [n]);
  return (
    <div class="ss-notice-host" role="status" aria-live="polite">
      {n && (
        <button
          type="button"
          class={`ss-notice ss-notice-${n.kind}`}
          data-testid="notice"
          title="Dismiss"
          onClick={() => {
            if (notice.peek() === n) notice.value = null;
          }}
        >
          {n.kind === 'ok' ? '✓ ' : ''}
          {n.text}
        </button>
      )}
    </div>
  );
}
