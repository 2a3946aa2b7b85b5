/** Intercept rules and the queue of held messages (edit, forward, drop). */
import { useState } from 'preact/hooks';
import type { HeldMessage, InterceptRule } from '../../messaging/protocol';
import { formatTime } from '../capture/format';
import { useCompose } from './context';
import { buildPayload, payloadDraft } from './payload-input';

let ruleCounter = 0;
const newRule = (): InterceptRule => ({ id: `r${Date.now().toString(36)}${++ruleCounter}`, dir: 'out', match: '', action: 'hold' });

function RuleRow({ rule, onChange, onRemove }: { rule: InterceptRule; onChange: (r: InterceptRule) => void; onRemove: () => void }) {
  const replyText = rule.reply?.payload.opcode === 1 ? rule.reply.payload.text : '';
  return (
    <div class="ss-compose-row" data-testid="rule-row">
      <select
        data-testid="rule-dir"
        value={rule.dir}
        onChange={(e) => onChange({ ...rule, dir: e.currentTarget.value as InterceptRule['dir'] })}
      >
        <option value="out">↑ outgoing</option>
        <option value="in">↓ incoming</option>
        <option value="both">both</option>
      </select>
      <input
        class="ss-grow"
        data-testid="rule-match"
        spellcheck={false}
        placeholder="contains… (empty: every message)"
        value={rule.match}
        onInput={(e) => onChange({ ...rule, match: e.currentTarget.value })}
      />
      <label class="ss-check">
        <input
          type="checkbox"
          data-testid="rule-regex"
          checked={rule.regex === true}
          onChange={(e) => onChange({ ...rule, regex: e.currentTarget.checked })}
        />{' '}
        regex
      </label>
      <select
        data-testid="rule-action"
        value={rule.action}
        onChange={(e) =>
          onChange({
            ...rule,
            action: e.currentTarget.value as InterceptRule['action'],
            ...(e.currentTarget.value === 'reply' && !rule.reply ? { reply: { as: 'inject', payload: { opcode: 1, text: '' } } } : {}),
          })
        }
      >
        <option value="hold">hold</option>
        <option value="reply">auto-reply</option>
      </select>
      {rule.action === 'reply' && (
        <>
          <select
            data-testid="rule-reply-as"
            value={rule.reply?.as ?? 'inject'}
            onChange={(e) =>
              onChange({ ...rule, reply: { as: e.currentTarget.value as 'inject' | 'send', payload: { opcode: 1, text: replyText } } })
            }
          >
            <option value="inject">inject</option>
            <option value="send">send</option>
          </select>
          <input
            data-testid="rule-reply"
            placeholder="reply text"
            value={replyText}
            onInput={(e) =>
              onChange({ ...rule, reply: { as: rule.reply?.as ?? 'inject', payload: { opcode: 1, text: e.currentTarget.value } } })
            }
          />
        </>
      )}
      <button type="button" class="ss-tool" aria-label="Remove rule" onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}

const heldText = (h: HeldMessage): string => payloadDraft(h.payload).text;

function HeldRow({ h }: { h: HeldMessage }) {
  const c = useCompose();
  const original = heldText(h);
  const [text, setText] = useState(original);
  if (!c) return null;
  const edited = buildPayload(h.payload.opcode === 1 ? 'text' : 'hex', text);
  return (
    <li class="ss-held" data-testid="held-item" data-hold-id={h.holdId}>
      <div class="ss-compose-row">
        <span class={h.dir === 'out' ? 'ss-out' : 'ss-in'}>{h.dir === 'out' ? '↑ outgoing' : '↓ incoming'}</span>
        <span class="ss-muted">held at {formatTime(h.t)}</span>
        <span class="ss-grow" />
        <button
          type="button"
          class="ss-tool"
          data-testid="held-forward"
          disabled={!edited.ok}
          onClick={() => edited.ok && void c.decide(h.holdId, 'forward', text === original ? undefined : edited.payload)}
        >
          {text === original ? 'Forward' : 'Forward edited'}
        </button>
        <button type="button" class="ss-tool" data-testid="held-drop" onClick={() => void c.decide(h.holdId, 'drop')}>
          Drop
        </button>
      </div>
      <textarea
        class="ss-compose-input ss-held-input"
        data-testid="held-edit"
        spellcheck={false}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      {!edited.ok && <p class="ss-error">{edited.error}</p>}
    </li>
  );
}

export function InterceptView() {
  const c = useCompose();
  const [draft, setDraft] = useState<InterceptRule[] | null>(null);
  if (!c) return null;
  const rules = draft ?? c.rules.value;
  const dirty = draft !== null;
  const held = c.held.value;
  return (
    <div class="ss-intercept">
      <div class="ss-compose-row">
        <strong>Rules</strong>
        <span class="ss-muted">match text messages by substring or /regex/; an empty match holds every message.</span>
        <span class="ss-grow" />
        <label class="ss-field">
          forward held after (s)
          <input
            type="number"
            min={1}
            max={600}
            size={4}
            data-testid="hold-timeout"
            value={c.holdTimeoutMs.value / 1000}
            onChange={(e) => void c.setRules(rules, Math.max(1, Number(e.currentTarget.value)) * 1000)}
          />
        </label>
      </div>
      {rules.map((r, i) => (
        <RuleRow
          key={r.id}
          rule={r}
          onChange={(n) => setDraft(rules.map((x, j) => (j === i ? n : x)))}
          onRemove={() => setDraft(rules.filter((_, j) => j !== i))}
        />
      ))}
      <div class="ss-compose-row">
        <button type="button" class="ss-tool" data-testid="rule-add" onClick={() => setDraft([...rules, newRule()])}>
          + Add rule
        </button>
        <button
          type="button"
          class="ss-tool"
          data-testid="rules-apply"
          disabled={!dirty}
          onClick={() => void c.setRules(rules).then(() => setDraft(null))}
        >
          Apply rules
        </button>
        {c.rules.value.length > 0 && (
          <button type="button" class="ss-tool" data-testid="rules-off" onClick={() => void c.setRules([]).then(() => setDraft(null))}>
            Turn off
          </button>
        )}
      </div>
      <strong>Held ({held.length})</strong>
      {held.length === 0 ? (
        <p class="ss-muted">Nothing held. Held messages are forwarded after the timeout, and at once when DevTools closes.</p>
      ) : null}
      <ul class="ss-held-list">
        {held.map((h) => (
          <HeldRow key={h.holdId} h={h} />
        ))}
      </ul>
    </div>
  );
}
