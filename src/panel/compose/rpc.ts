/**
 * The panel's RPC client for page commands (style.md: requests that can
 * fail are typed RPC). Every request has an id and a timeout; the answer or
 * the error comes back as a value, never as an exception.
 */
import type { CommandOutcome, CommandRequest, PageCommand } from '../../messaging/protocol';
import { isCommandResponse } from '../../messaging/protocol';
import { COMMAND_TIMEOUT_MS } from '../../messaging/command-types';

export type { CommandOutcome };

export { COMMAND_TIMEOUT_MS };

export interface CommandClient {
  request(command: PageCommand): Promise<CommandOutcome>;
  /** Feed every event from the background; answers settle their request. */
  onEvent(event: unknown): void;
  /** The port went away: pending requests fail now rather than time out later. */
  failPending(message: string): void;
}

export function createCommandClient(post: (m: CommandRequest) => void, timeoutMs = COMMAND_TIMEOUT_MS): CommandClient {
  let nextId = 1;
  const pending = new Map<number, (o: CommandOutcome) => void>();
  return {
    request(command) {
      const id = nextId++;
      return new Promise<CommandOutcome>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({
            ok: false,
            error: { code: 'TIMEOUT', message: `no answer from the page within ${timeoutMs / 1000} s (is the page still there?)` },
          });
        }, timeoutMs);
        pending.set(id, (o) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(o);
        });
        post({ type: 'command', id, command });
      });
    },
    onEvent(event) {
      if (!isCommandResponse(event)) return;
      const settle = pending.get(event.id);
      settle?.(event.ok ? { ok: true, result: event.result } : { ok: false, error: event.error });
    },
    failPending(message) {
      for (const settle of [...pending.values()]) settle({ ok: false, error: { code: 'NO_PAGE', message } });
    },
  };
}
