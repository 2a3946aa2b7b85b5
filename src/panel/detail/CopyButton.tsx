import { useState } from 'preact/hooks';
import { copyText } from './clipboard';

/** A button that copies `text()` and says whether it worked. */
export function CopyButton({ label, text }: { label: string; text: () => string }) {
  const [done, setDone] = useState<boolean | null>(null);
  return (
    <button type="button" class="ss-tool" onClick={() => void copyText(text()).then(setDone)}>
      {done === null ? label : done ? 'Copied' : 'Copy failed'}
    </button>
  );
}
