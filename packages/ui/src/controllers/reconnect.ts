/**
 * How a site gets its connection back. stompjs waits `delayMs` before the
 * first attempt and doubles the wait after each failure, up to `maxDelayMs`;
 * the site adds random jitter on top, so the thousands of browsers one
 * broker restart drops do not all come back in the same second.
 */
export const RECONNECT = {
  delayMs: 1_000,
  maxDelayMs: 15_000,
  /** Largest extra wait, as a fraction of the current backoff. */
  jitter: 0.5,
} as const;

/** The extra random wait before reconnection attempt `attempt` (1-based; 0 is the first connection, which does not wait). */
export function reconnectJitterMs(attempt: number, random: () => number = Math.random): number {
  if (attempt < 1) return 0;
  const backoff = Math.min(RECONNECT.maxDelayMs, RECONNECT.delayMs * 2 ** (attempt - 1));
  return Math.floor(random() * RECONNECT.jitter * backoff);
}
