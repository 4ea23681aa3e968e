/**
 * Reconnect backoff: 250 ms doubling to 15 s, ±50 % jitter so restarted
 * consumers do not stampede. Its base stops at 15 s / 1.5, so base plus the
 * largest jitter is the cap, without half the draws piling up on it.
 */
export const RECONNECT_BACKOFF = { initialMs: 250, factor: 2, maxMs: 15_000, jitter: 0.5 } as const;

/**
 * The wait before the next connection attempt, after `failures` in a row:
 * attempts that failed, and sessions that connected but never got to work
 * (a consume the broker refuses, a stock broadcast it never confirms).
 * `random` is in [0, 1), Math.random unless a test fixes it.
 */
export function reconnectDelayMs(failures: number, random: () => number = Math.random): number {
  const { initialMs, factor, maxMs, jitter } = RECONNECT_BACKOFF;
  const base = Math.min(maxMs / (1 + jitter), initialMs * factor ** Math.max(0, failures - 1));
  return Math.round(base * (1 + jitter * (2 * random() - 1)));
}
