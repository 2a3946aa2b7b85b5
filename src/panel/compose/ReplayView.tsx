/** Replay the marked messages (shift/ctrl-click rows) with their original spacing or a fixed interval. */
import { useState } from 'preact/hooks';
import type { MessageRecord } from '../../model/records';
import { usePanel } from '../capture/context';
import { useCompose } from './context';
import type { ReplayMode } from './replay';
import { useTarget } from './TargetSelect';

export function ReplayView() {
  const { store } = usePanel();
  const c = useCompose();
  const target = useTarget();
  const [mode, setMode] = useState<ReplayMode>('original');
  const [interval, setIntervalMs] = useState(500);
  const [intoTarget, setIntoTarget] = useState(false);
  if (!c) return null;
  void store.version.value;
  const records = [...c.marked.value]
    .map((id) => store.log.bySeq(store.log.seqOfId(id) ?? -1))
    .filter((r): r is MessageRecord => r !== undefined);
  const p = c.replay.value;
  return (
    <div class="ss-replay">
      <p class="ss-muted">
        Shift-click or Ctrl-click rows in the table to mark them. Sent messages are sent again (marked “resent”); received ones are injected
        into the page.
      </p>
      <div class="ss-compose-row">
        <span data-testid="replay-count">{records.length} marked</span>
        <select data-testid="replay-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as ReplayMode)}>
          <option value="original">original spacing</option>
          <option value="fixed">fixed interval</option>
        </select>
        {mode === 'fixed' && (
          <label class="ss-field">
            every (ms){' '}
            <input
              type="number"
              min={0}
              size={6}
              data-testid="replay-interval"
              value={interval}
              onChange={(e) => setIntervalMs(Math.max(0, Number(e.currentTarget.value)))}
            />
          </label>
        )}
        <label class="ss-check" title="e.g. a connection opened with Reopen">
          <input
            type="checkbox"
            data-testid="replay-into-target"
            checked={intoTarget}
            onChange={(e) => setIntoTarget(e.currentTarget.checked)}
          />{' '}
          into the compose connection
        </label>
        <button
          type="button"
          class="ss-tool"
          data-testid="replay-start"
          disabled={records.length === 0 || p?.running === true}
          onClick={() => c.startReplay(records, mode, interval, intoTarget && target ? target : undefined)}
        >
          ▶ Replay
        </button>
        <button type="button" class="ss-tool" data-testid="replay-stop" disabled={!p?.running} onClick={() => c.stopReplay()}>
          ■ Stop
        </button>
        <button type="button" class="ss-tool" disabled={records.length === 0} onClick={() => (c.marked.value = new Set())}>
          Unmark all
        </button>
      </div>
      {p && (
        <p data-testid="replay-progress" class={p.error && p.error !== 'stopped' ? 'ss-error' : 'ss-muted'}>
          {p.done} / {p.total} {p.running ? 'replaying…' : p.error ? `— ${p.error}` : 'done'}
        </p>
      )}
    </div>
  );
}
