/**
 * Collects capture events and hands them over in batches, never one message
 * per event (flush at about 16 ms, 256 records or 1 MiB). Pure: the
 * timer is injected so tests drive it without sleeping.
 */
export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
  maxDelayMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEvents: 256, maxBytes: 1 << 20, maxDelayMs: 16 };

export type Schedule = (fn: () => void, ms: number) => void;

export class Batcher<E> {
  private events: E[] = [];
  private bytes = 0;
  private timerArmed = false;

  constructor(
    private readonly flushTo: (events: E[]) => void,
    private readonly schedule: Schedule,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  /** Adds one event whose payload weighs `bytes`; flushes when a limit is reached. */
  push(event: E, bytes: number): void {
    const events = this.events;
    events[events.length] = event; // not .push(): the page may have patched Array.prototype
    this.bytes += bytes;
    if (events.length >= this.limits.maxEvents || this.bytes >= this.limits.maxBytes) {
      this.flush();
    } else if (!this.timerArmed) {
      this.timerArmed = true;
      this.schedule(this.onTimer, this.limits.maxDelayMs);
    }
  }

  /** Hands over whatever is pending (also on page hide, so nothing waits for a timer that never fires). */
  flush(): void {
    if (this.events.length === 0) return;
    const batch = this.events;
    this.events = [];
    this.bytes = 0;
    this.flushTo(batch);
  }

  get pending(): number {
    return this.events.length;
  }

  private readonly onTimer = (): void => {
    this.timerArmed = false;
    this.flush();
  };
}
