/**
 * How a site gets its connection back. After each failed attempt the site
 * waits a backoff, `delayMs` doubling up to `maxDelayMs`, plus random
 * jitter, so the thousands of browsers one broker restart drops do not all
 * come back in the same second.
 *
 * The site's `StompConnection` takes that wait itself (`ReconnectPause`,
 * which stompjs awaits in `beforeConnect`) rather than leaving it to
 * stompjs' own backoff: it then knows when the next attempt comes, for the
 * badge to say, and can end the wait at once when the buyer asks, with the
 * client it has, so no second connection can start. stompjs only pauses
 * `handoffMs` after a close before it asks.
 */
export const RECONNECT = {
  delayMs: 1_000,
  maxDelayMs: 15_000,
  /** Largest extra wait, as a fraction of the current backoff. */
  jitter: 0.5,
  /** stompjs' own pause after a close (its `reconnectDelay`, which must be above 0 for it to reconnect at all). */
  handoffMs: 10,
  /**
   * How long a connection must last for the backoff to start again from
   * its first step. One the broker closes sooner (it refuses a SUBSCRIBE
   * the page makes on every connection, say) counts as one more failed
   * attempt, so a page it keeps refusing slows down as any failing page does.
   */
  stableMs: 10_000,
} as const;

/** The backoff before reconnection attempt `attempt` (1-based; 0 is the first connection, which does not wait). */
export function reconnectBackoffMs(attempt: number): number {
  if (attempt < 1) return 0;
  return Math.min(RECONNECT.maxDelayMs, RECONNECT.delayMs * 2 ** (attempt - 1));
}

/** The extra random wait before reconnection attempt `attempt`: up to `jitter` of its backoff. */
export function reconnectJitterMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * RECONNECT.jitter * reconnectBackoffMs(attempt));
}

/** The whole wait before reconnection attempt `attempt`: its backoff and its jitter. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return reconnectBackoffMs(attempt) + reconnectJitterMs(attempt, random);
}

/** Whole seconds left until `at`, rounded up, as a countdown shows them: 8 from 7.2 s on, 0 once `at` has come. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1_000));
}

/** Milliseconds until `secondsUntil(at, …)` next changes, so a countdown redraws once a second, on the second. */
export function msUntilNextSecond(at: number, now: number): number {
  const left = at - now;
  if (left <= 0) return 0;
  return left % 1_000 || 1_000;
}

/**
 * The wait before the next reconnection attempt. It starts when an attempt
 * fails; `over` settles when it ends, by its timer or by `end()` (the
 * buyer's Retry now, or the host leaving), whichever comes first.
 */
export class ReconnectPause {
  /** When the wait ends, by the clock it was given (the page's wall clock). */
  readonly at: number;
  /** Settles when the wait is over; stompjs awaits it before it opens the socket. */
  readonly over: Promise<void>;
  private resolve: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Starts a wait of `delayMs`; `onOver` is called once, when it ends, however it ends. */
  constructor(delayMs: number, now: number, onOver: () => void) {
    this.at = now + delayMs;
    this.over = new Promise((resolve) => {
      this.resolve = () => {
        onOver();
        resolve();
      };
    });
    this.timer = setTimeout(() => {
      this.end();
    }, delayMs);
  }

  /** Ends the wait now; its timer is cleared. Once ended, does nothing. */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.();
  }
}
