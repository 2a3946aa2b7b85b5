/**
 * The Stack tab: where the page sent a message from (the send() stack) and
 * where it created the socket (the `new WebSocket` stack), recorded while
 * "Record stacks" is on (src/hook/stacks.ts). Each frame shows its function
 * and its location; the location opens the source in DevTools where the
 * browser lets an extension do so (Chrome: devtools.panels.openResource),
 * and is plain text with a Copy button elsewhere (Firefox has no such API).
 * Frames are page data: rendered as text only.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConnectionRecord, MessageRecord, RecordedStack, StackFrame, StackGap } from '../../model/records';
import { formatFrame } from '../../model/stack-trace';
import { CopyButton } from './CopyButton';
import './stack.css';

/** Opens a page source in DevTools at a 1-based line and column; null where the browser cannot. */
export type OpenSource = (url: string, line?: number, col?: number) => void;
export const SourceOpener = createContext<OpenSource | null>(null);

const GAP_TEXT: Record<StackGap, string> = {
  'page-customises':
    'Stack not recorded: the page customises stack traces (Error.prepareStackTrace), so reading one would run its code. Sockscope does not.',
  'setting-late':
    'Stack not recorded: “Record stacks” reached the page after this socket was created. A page learns the setting when its first socket connects to Sockscope; reload the page to record every creation stack.',
  unreadable: 'Stack not recorded: the browser gave no readable stack.',
};

/** Only http(s) and file sources are worth asking DevTools to open (not `<anonymous>`, `native`, `index 0`). */
const openable = (f: StackFrame): boolean => /^(https?|file):\/\//.test(f.url) && f.line !== undefined;
const position = (f: StackFrame): string => (f.line === undefined ? f.url : `${f.url}:${f.line}${f.col === undefined ? '' : `:${f.col}`}`);

function Frames({ stack, label, testId }: { stack: RecordedStack; label: string; testId: string }) {
  const open = useContext(SourceOpener);
  if (stack.gap) return <p class="ss-muted ss-stack-gap">{GAP_TEXT[stack.gap] ?? GAP_TEXT.unreadable}</p>;
  if (!stack.frames.length)
    return <p class="ss-muted ss-stack-gap">No page frames (the call came from Sockscope, or the page set Error.stackTraceLimit to 0).</p>;
  return (
    <ol class="ss-stack" aria-label={label} data-testid={testId}>
      {stack.frames.map((f, i) => (
        <li key={i} class="ss-stack-frame">
          <span class="ss-stack-fn">{f.fn || '(anonymous)'}</span>{' '}
          {open && openable(f) ? (
            <button
              type="button"
              class="ss-link-button ss-stack-loc"
              title="Open in DevTools (Sources)"
              onClick={() => open(f.url, f.line, f.col)}
            >
              {position(f)}
            </button>
          ) : (
            <span class="ss-stack-loc">{position(f)}</span>
          )}
        </li>
      ))}
      {stack.omitted ? <li class="ss-muted">… {stack.omitted} more frames not kept</li> : null}
    </ol>
  );
}

function Section({ title, stack, testId }: { title: string; stack: RecordedStack | undefined; testId: string }) {
  return (
    <section class="ss-stack-section">
      <h3 class="ss-stack-title">
        {title}
        {stack && !stack.gap && stack.frames.length > 0 && (
          <CopyButton label="Copy" text={() => stack.frames.map(formatFrame).join('\n')} />
        )}
      </h3>
      {stack ? (
        <Frames stack={stack} label={title} testId={testId} />
      ) : (
        <p class="ss-muted ss-stack-gap">Not recorded (“Record stacks” was off, or had not reached the page yet).</p>
      )}
    </section>
  );
}

/** `rec`: a message (its send stack; received messages have none); `conn`: its connection (creation stack). */
export function StackView({ rec, conn }: { rec?: MessageRecord | undefined; conn?: ConnectionRecord | undefined }) {
  const open = useContext(SourceOpener);
  return (
    <div class="ss-stack-view">
      {rec && rec.dir === 'out' && <Section title="send() called from" stack={rec.stack} testId="send-stack" />}
      {rec && rec.dir === 'in' && <p class="ss-muted">Received messages have no page stack: the browser delivers them.</p>}
      {conn && <Section title="new WebSocket() called from" stack={conn.stack} testId="creation-stack" />}
      {!open && (
        <p class="ss-muted ss-stack-note">
          Locations open in the Sources panel only from Chrome’s DevTools (Firefox gives extensions no way to open them): copy one instead.
        </p>
      )}
    </div>
  );
}
