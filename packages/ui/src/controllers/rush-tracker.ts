import type { OrderStatus } from "../orders/order-book.js";
import type { RushProgress } from "../orders/rush.js";
import { DEFAULT_RUSH_WINDOW, endRush, isRushAnswered, RUSH_STATUSES, rushAccepted, rushPublished, rushRoom, rushSettled, startRush } from "../orders/rush.js";

/** How a rush ends early: stopped by the buyer, interrupted by the connection, or refused by a busy broker. */
export type RushEnd = Parameters<typeof endRush>[1];

export interface RushTrackerOptions {
  /** Orders a rush may have waiting for their receipt; `DEFAULT_RUSH_WINDOW` by default. */
  readonly window?: number;
  /** Called when a rush finishes, is stopped, is interrupted, or ends as busy. */
  readonly onEnded?: (rush: RushProgress) => void;
  /** Called once per rush, after it ended, when every order it published has its outcome or was given up on (`isRushAnswered`). */
  readonly onAnswered?: (rush: RushProgress) => void;
}

/**
 * The page's current (or last) rush: which orders it published, how many
 * the broker took, what became of them, and when to tell the buyer. It
 * places no order and sees no connection: `pump` asks its caller to place
 * each order, and the caller reports the orders' receipts or answers,
 * whichever comes first (`accepted`), and changes of status (`count`). One
 * rush at a time; starting another leaves the last one's orders to be told
 * on their own.
 */
export class RushTracker {
  private readonly options: RushTrackerOptions;
  private readonly window: number;
  private current: RushProgress | undefined;
  /** The orders the current rush published. */
  private orders = new Set<string>();
  /** Its orders neither receipted nor answered yet, busy ones included (a receipt may be late): a resend's must not count twice. */
  private awaitingReceipt = new Set<string>();
  /** Its outcomes are still to be told (`onAnswered`). */
  private tallyDue = false;

  constructor(options: RushTrackerOptions = {}) {
    this.options = options;
    this.window = options.window ?? DEFAULT_RUSH_WINDOW;
  }

  /** The current or last rush; undefined before the first. */
  get progress(): RushProgress | undefined {
    return this.current;
  }

  get running(): boolean {
    return this.current?.status === RUSH_STATUSES.running;
  }

  /** Whether the rush's outcomes were told (or there are none to tell): an answer to one of its orders is news on its own from then on. */
  get tallyTold(): boolean {
    return !this.tallyDue;
  }

  /** Starts a rush of `count` orders; call `pump` to publish its first ones. */
  start(count: number): void {
    this.current = startRush(count);
    this.orders = new Set();
    this.awaitingReceipt = new Set();
    this.tallyDue = true;
  }

  /**
   * Publishes as many of the rush's orders as its window has room for.
   * `place` places one and returns its orderId, or undefined when it
   * cannot (the site is not online): then the rush is interrupted.
   */
  pump(place: () => string | undefined): void {
    if (!this.current) return;
    const room = rushRoom(this.current, this.window);
    for (let i = 0; i < room; i++) {
      const orderId = place();
      if (orderId === undefined) {
        this.end(RUSH_STATUSES.interrupted);
        return;
      }
      this.orders.add(orderId);
      this.awaitingReceipt.add(orderId);
      this.current = rushPublished(this.current);
    }
  }

  /**
   * The connection closed. A rush with orders still to publish is
   * interrupted: they are never placed. One that published them all runs
   * on: the outbox sends those without a receipt again on the next
   * connection, and their receipts finish it, as they would have. True
   * when it ended.
   */
  connectionLost(): boolean {
    if (this.current !== undefined && this.current.published >= this.current.total) return false;
    return this.end(RUSH_STATUSES.interrupted);
  }

  /** Ends a running rush early; false, and nothing changes, when none runs. */
  end(status: RushEnd): boolean {
    if (this.current?.status !== RUSH_STATUSES.running) return false;
    this.current = endRush(this.current, status);
    this.ended();
    return true;
  }

  /** Whether the current rush published this order. */
  owns(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  /** Whether this order of the rush still awaits its first receipt. */
  awaitsReceipt(orderId: string): boolean {
    return this.awaitingReceipt.has(orderId);
  }

  /**
   * The broker took an order: its receipt came, or its answer, which
   * proves it as well (the receipt and the consumer's reply travel
   * separately, and the receipt may be lost to a dropped connection, after
   * which an answered order is not sent again). Only the first of these
   * counts, also for an order given up on as busy (the broker has it
   * after all). True when it counted: the window has room again for `pump`.
   */
  accepted(orderId: string): boolean {
    if (!this.awaitingReceipt.delete(orderId) || !this.current) return false;
    this.current = rushAccepted(this.current);
    if (this.current.status === RUSH_STATUSES.done) this.ended();
    // A rush stopped before any receipt came may have had every answer already: this receipt completes it.
    this.tellIfAnswered();
    return true;
  }

  /** One of the rush's orders moved from one status to another (answered, given up on, queued again); any other order is ignored. */
  count(orderId: string, from: OrderStatus, to: OrderStatus): void {
    if (!this.orders.has(orderId) || !this.current) return;
    this.current = rushSettled(this.current, from, to);
    this.tellIfAnswered();
  }

  private ended(): void {
    if (!this.current) return;
    this.options.onEnded?.(this.current);
    // The last answers may have come before the last receipt.
    this.tellIfAnswered();
  }

  private tellIfAnswered(): void {
    if (!this.tallyDue || !this.current || !isRushAnswered(this.current)) return;
    this.tallyDue = false;
    this.options.onAnswered?.(this.current);
  }
}
