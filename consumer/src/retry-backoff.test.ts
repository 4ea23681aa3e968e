import { getEventListeners } from "node:events";
import { PURCHASE_DELIVERY_LIMIT } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Delivery, ReplyPublisher, Settlement } from "./delivery.js";
import { retryDelayMs, withRetryBackoff } from "./retry-backoff.js";

const NO_REPLIES: ReplyPublisher = { publish: () => Promise.resolve(true) };

function delivery(deliveryCount: number): Delivery {
  return {
    body: new Uint8Array(),
    routingKey: "purchase.fr",
    userId: "site-fr",
    correlationId: crypto.randomUUID(),
    replyTo: "amq.gen-abc123",
    redelivered: deliveryCount > 0,
    deliveryCount,
  };
}

/** Settles as told, and records when (in fake time) the caller got the settlement back. */
function settledAt(settlement: Promise<Settlement>): { at: number | undefined } {
  const observed: { at: number | undefined } = { at: undefined };
  void settlement.then(() => (observed.at = Date.now()));
  return observed;
}

describe("retry backoff", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("holds a failed delivery for 200 ms, doubling with each earlier failure, capped at 2 s", () => {
    const delays = Array.from({ length: 7 }, (_, count) => retryDelayMs(count));

    expect(delays).toEqual([200, 400, 800, 1_600, 2_000, 2_000, 2_000]);
  });

  it("spends more than 3 s holding before the last delivery the queue allows, so a store outage of about 3 s is survived", () => {
    const failuresBeforeTheLast = Array.from({ length: PURCHASE_DELIVERY_LIMIT }, (_, count) => count);

    const heldMs = failuresBeforeTheLast.reduce((sum, count) => sum + retryDelayMs(count), 0);

    expect(heldMs).toBeGreaterThan(3_000);
    // Well under the 15 s after which a site shows the order as unconfirmed.
    expect(heldMs).toBeLessThanOrEqual(5_000);
  });

  it("when the handler asks to requeue, the settlement comes back only after the delivery's backoff", async () => {
    const handle = withRetryBackoff(() => Promise.resolve("requeue"), new AbortController().signal);

    const settled = settledAt(handle(delivery(2), NO_REPLIES));
    await vi.advanceTimersByTimeAsync(799);
    const early = settled.at;
    await vi.advanceTimersByTimeAsync(1);

    expect(early).toBeUndefined();
    expect(settled.at).toBe(800);
  });

  it("when the handler acks or dead-letters, the settlement comes back at once", async () => {
    const signal = new AbortController().signal;

    const acked = settledAt(withRetryBackoff(() => Promise.resolve("ack"), signal)(delivery(3), NO_REPLIES));
    const deadLettered = settledAt(withRetryBackoff(() => Promise.resolve("dead-letter"), signal)(delivery(3), NO_REPLIES));
    await vi.advanceTimersByTimeAsync(0);

    expect([acked.at, deadLettered.at]).toEqual([0, 0]);
  });

  it("when the consumer shuts down during a hold, the delivery is requeued at once", async () => {
    const shutdown = new AbortController();
    const handle = withRetryBackoff(() => Promise.resolve("requeue"), shutdown.signal);
    const settlement = handle(delivery(4), NO_REPLIES);
    const settled = settledAt(settlement);
    await vi.advanceTimersByTimeAsync(100);

    shutdown.abort();
    await vi.advanceTimersByTimeAsync(0);

    expect(settled.at).toBe(100);
    expect(await settlement).toBe("requeue");
  });

  it("when the consumer shuts down during a hold, the hold leaves neither its timer nor its abort listener behind", async () => {
    const shutdown = new AbortController();
    const handle = withRetryBackoff(() => Promise.resolve("requeue"), shutdown.signal);
    const settlement = handle(delivery(4), NO_REPLIES);
    await vi.advanceTimersByTimeAsync(100);
    const holding = { timers: vi.getTimerCount(), listeners: getEventListeners(shutdown.signal, "abort").length };

    shutdown.abort();
    await settlement;

    expect(holding).toEqual({ timers: 1, listeners: 1 });
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });

  it("when a hold runs its course, it leaves no abort listener on the shutdown signal", async () => {
    const shutdown = new AbortController();
    const handle = withRetryBackoff(() => Promise.resolve("requeue"), shutdown.signal);
    const settlement = handle(delivery(0), NO_REPLIES);

    await vi.advanceTimersByTimeAsync(200);
    await settlement;

    expect(getEventListeners(shutdown.signal, "abort")).toHaveLength(0);
  });

  it("when the consumer is already shutting down, a failed delivery is requeued without a hold", async () => {
    const shutdown = new AbortController();
    shutdown.abort();

    const settled = settledAt(withRetryBackoff(() => Promise.resolve("requeue"), shutdown.signal)(delivery(1), NO_REPLIES));
    await vi.advanceTimersByTimeAsync(0);

    expect(settled.at).toBe(0);
  });
});
