import type { Country, Purchase } from "@repo/contract";
import type { Outcome, OutcomeStatus } from "./outcome.js";
import { benchPurchase, failedAtOnce } from "./outcome.js";
import { PendingRequests } from "./pending-requests.js";

/**
 * What every requester does the same whatever its transport: the purchases
 * it waits on, and once its connection is gone, why. Once ended, everything
 * in flight fails with the first reason and every later request fails at
 * once with it, so a closed requester never holds a purchase open until its
 * timeout.
 */
export class RequestLifecycle {
  private readonly pending: PendingRequests;
  private closedBecause: string | undefined;

  constructor(
    private readonly country: Country,
    timeoutMs: number,
  ) {
    this.pending = new PendingRequests(country, timeoutMs);
  }

  /** Purchases sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** False once ended. */
  get open(): boolean {
    return this.closedBecause === undefined;
  }

  /** A fresh purchase, registered as sent now and handed to `send`, the transport's part; or, once ended, an error at once. */
  request(send: (purchase: Purchase) => void): Promise<Outcome> {
    if (this.closedBecause !== undefined) return failedAtOnce(this.country, this.closedBecause);
    const sentAt = performance.now();
    const purchase = benchPurchase(this.country);
    const outcome = this.pending.add(purchase.orderId, sentAt);
    send(purchase);
    return outcome;
  }

  /** The broker took the purchase (receipt or publisher confirm). */
  accepted(id: string, at: number): void {
    this.pending.accepted(id, at);
  }

  /** The answer came; answers to unknown or expired ids are ignored. */
  settle(id: string, status: OutcomeStatus, at: number, detail?: string): void {
    this.pending.settle(id, status, at, detail);
  }

  /** The connection is gone: the first reason sticks. */
  end(reason: string): void {
    this.closedBecause ??= reason;
    this.pending.failAll(reason, performance.now());
  }
}
