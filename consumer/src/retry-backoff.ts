import type { DeliveryHandler } from "./delivery.js";
import { SETTLEMENTS } from "./delivery.js";
import { logger } from "./logger.js";

const log = logger.child({ module: "retry" });

/**
 * How long a failed delivery is held before it goes back to its queue: 200 ms,
 * doubling with each earlier failure, at most 2 s. The queue allows six
 * deliveries (x-delivery-limit 5), so the five holds before the last one add
 * up to 200 + 400 + 800 + 1,600 + 2,000 ms = 5 s: a store fault of about 3 s
 * (a lock held too long, a disk being freed, an I/O hiccup) is outlived with
 * room to spare before the last delivery gives up with `processing_failed`.
 * With prefetch 1 the country's queue waits meanwhile, which suits a store
 * fault (the purchases behind it would fail too); a purchase that fails on its
 * own costs its country those 5 s once. Either way it stays well under the
 * 15 s after which a site shows an order as unconfirmed. The cap keeps a
 * higher delivery limit from growing the wait exponentially.
 */
const RETRY_BACKOFF = { initialMs: 200, factor: 2, maxMs: 2_000 } as const;

/** The hold before requeueing a delivery that failed after `deliveryCount` earlier failures. */
export function retryDelayMs(deliveryCount: number): number {
  const failures = Math.max(0, deliveryCount);
  return Math.min(RETRY_BACKOFF.maxMs, RETRY_BACKOFF.initialMs * RETRY_BACKOFF.factor ** failures);
}

/**
 * Wraps a delivery handler so that a delivery it asks to requeue is handed
 * back only after `delayMs` of its delivery count (`retryDelayMs` unless a
 * test lengthens it): without the hold, the broker redelivers at once and
 * every delivery the queue allows is spent within milliseconds, so a fault of
 * under a second refuses valid purchases. `cancelled` (the consumer is
 * shutting down) ends a hold at once: the delivery is requeued right away
 * rather than keeping the shutdown waiting.
 */
export function withRetryBackoff(
  handler: DeliveryHandler,
  cancelled: AbortSignal,
  delayMs: (deliveryCount: number) => number = retryDelayMs,
): DeliveryHandler {
  return async (delivery, replies) => {
    const settlement = await handler(delivery, replies);
    if (settlement === SETTLEMENTS.requeue) {
      const holdMs = delayMs(delivery.deliveryCount);
      log.debug({ deliveryCount: delivery.deliveryCount, holdMs }, "holding a failed delivery before requeueing it");
      await hold(holdMs, cancelled);
    }
    return settlement;
  };
}

/** Resolves after `ms`, or as soon as `cancelled` aborts; never rejects. */
function hold(ms: number, cancelled: AbortSignal): Promise<void> {
  if (cancelled.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      cancelled.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    cancelled.addEventListener("abort", done);
  });
}
