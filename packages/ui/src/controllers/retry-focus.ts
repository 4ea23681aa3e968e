import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Order } from "../orders/order-book.js";
import { isRetryable } from "../orders/order-book.js";

export interface RetryFocusOptions {
  /** The orders the host shows now. */
  readonly orders: () => readonly Order[];
  /** The order whose Try again or Send anyway button has the keyboard focus, if one has. */
  readonly focusedRetry: () => string | undefined;
  /** Gives the focus to the order's row, or to the list when the row is gone. */
  readonly focusOrder: (orderId: string) => void;
}

/**
 * Keeps the keyboard focus in the list when a focused Try again or Send
 * anyway button goes away by itself: a late receipt makes a busy order
 * accepted, a lost connection queues it again, and its button leaves with the
 * status. The focus would fall to the page's body, and a keyboard or
 * screen reader user would have to find their way back; it goes to the
 * order's row instead. The button is noted before each update and looked
 * for in the orders after it.
 */
export class RetryFocus implements ReactiveController {
  private readonly options: RetryFocusOptions;
  /** The order whose button had the focus when the update began. */
  private focusedBefore: string | undefined;

  constructor(host: ReactiveControllerHost, options: RetryFocusOptions) {
    this.options = options;
    host.addController(this);
  }

  hostUpdate(): void {
    this.focusedBefore = this.options.focusedRetry();
  }

  hostUpdated(): void {
    const orderId = this.focusedBefore;
    this.focusedBefore = undefined;
    if (orderId === undefined) return;
    const order = this.options.orders().find((candidate) => candidate.orderId === orderId);
    if (order && isRetryable(order)) return;
    this.options.focusOrder(orderId);
  }
}
