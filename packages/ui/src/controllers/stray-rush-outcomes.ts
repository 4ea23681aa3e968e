import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Order } from "../orders/order-book.js";
import { isGivenUp, ORDER_STATUSES } from "../orders/order-book.js";

/** How long no outcome of a stray rush order must come before the batch is told. */
export const STRAY_RUSH_QUIET_MS = 1_000;

/** A batch's outcomes, as the rush's own tally words them. */
export interface RushOutcomeCounts {
  readonly confirmed: number;
  readonly rejected: number;
  /** Timed out or busy: given up on for now. */
  readonly unconfirmed: number;
}

export interface StrayRushOutcomesOptions {
  /** Tells one batch's outcomes. */
  readonly tell: (counts: RushOutcomeCounts) => void;
}

/**
 * Outcomes of rush orders that no running rush of this page counts: a rush
 * of an earlier page load (its orders come back from the outbox), or an
 * earlier rush whose late answers come after its tally was told. A hundred
 * of them can settle in a second, and a sentence each would drown the live
 * log, so they are told together, once none has come for `STRAY_RUSH_QUIET_MS`. Within
 * a batch an order counts once, by its latest outcome.
 */
export class StrayRushOutcomes implements ReactiveController {
  private readonly options: StrayRushOutcomesOptions;
  private batch = new Map<string, Order["status"]>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The shop left the page and has not come back. Answers may still come
   * then: Lit disconnects this controller before the tickets controller,
   * and the socket stays open until the broker confirms the DISCONNECT.
   */
  private leftPage = false;

  constructor(host: ReactiveControllerHost, options: StrayRushOutcomesOptions) {
    this.options = options;
    host.addController(this);
  }

  add(order: Order): void {
    this.batch.set(order.orderId, order.status);
    // Out of the page, kept for the shop's return (hostConnected), with no timer to run on a detached element.
    if (!this.leftPage) this.wait();
  }

  /** Back in the page (a shop moved within it is disconnected and connected at once): the batch kept meanwhile waits its quiet second afresh. */
  hostConnected(): void {
    this.leftPage = false;
    if (this.batch.size > 0) this.wait();
  }

  /**
   * The shop left the page: nobody is there to hear the batch now, so its
   * timer goes. The batch stays: a shop moved within the page comes straight
   * back, and the outcomes it had collected are still to be told.
   */
  hostDisconnected(): void {
    this.leftPage = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wait(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tellBatch();
    }, STRAY_RUSH_QUIET_MS);
  }

  private tellBatch(): void {
    this.timer = undefined;
    const statuses = [...this.batch.values()];
    this.batch = new Map();
    const count = (matches: (status: Order["status"]) => boolean) => statuses.filter(matches).length;
    this.options.tell({
      confirmed: count((status) => status === ORDER_STATUSES.confirmed),
      rejected: count((status) => status === ORDER_STATUSES.rejected),
      unconfirmed: count(isGivenUp),
    });
  }
}
