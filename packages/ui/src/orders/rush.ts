import type { PurchaseQuantity } from "@repo/contract";
import type { OrderStatus } from "./order-book.js";
import { ORDER_STATUSES } from "./order-book.js";

/**
 * A rush sends many orders as fast as the broker accepts them, so people can
 * watch the queue build and drain in the management UI. At most `window`
 * orders wait for their receipt at any time: the broker's pace sets ours.
 * Pure functions over immutable progress values.
 */

export const RUSH_STATUSES = {
  /** Publishing. */
  running: "running",
  /** Every order was accepted by the broker (answers may still be on their way). */
  done: "done",
  /** The buyer stopped it. */
  stopped: "stopped",
  /** The connection was lost before every order was published; the rest are never placed. */
  interrupted: "interrupted",
  /** The broker stopped taking orders (one got no receipt in time): the queue is full. */
  busy: "busy",
} as const;

export type RushStatus = (typeof RUSH_STATUSES)[keyof typeof RUSH_STATUSES];

export interface RushProgress {
  readonly status: RushStatus;
  /** Orders the rush means to send. */
  readonly total: number;
  /** Orders handed to the broker. */
  readonly published: number;
  /** Orders the broker took: acknowledged with a receipt, late ones included, or answered first. */
  readonly accepted: number;
  readonly confirmed: number;
  readonly rejected: number;
  readonly timedOut: number;
  /** Orders given up on for want of a receipt; a late receipt takes one back out. */
  readonly busy: number;
}

/** Orders a rush sends unless told otherwise: what the rush button offers. */
export const DEFAULT_RUSH_SIZE = 100;

/** Tickets each order of a rush buys. */
export const RUSH_QUANTITY: PurchaseQuantity = 10;

/** Orders a rush may have waiting for their receipt. */
export const DEFAULT_RUSH_WINDOW = 10;

export function startRush(total: number): RushProgress {
  return { status: RUSH_STATUSES.running, total, published: 0, accepted: 0, confirmed: 0, rejected: 0, timedOut: 0, busy: 0 };
}

/** How many more orders may be published right now, with at most `window` waiting for their receipt. */
export function rushRoom(rush: RushProgress, window: number): number {
  if (rush.status !== RUSH_STATUSES.running) return 0;
  const waiting = rush.published - rush.accepted;
  return Math.max(0, Math.min(rush.total - rush.published, window - waiting));
}

export function rushPublished(rush: RushProgress): RushProgress {
  return { ...rush, published: rush.published + 1 };
}

export function rushAccepted(rush: RushProgress): RushProgress {
  const accepted = rush.accepted + 1;
  const done = rush.status === RUSH_STATUSES.running && accepted >= rush.total;
  return { ...rush, accepted, status: done ? RUSH_STATUSES.done : rush.status };
}

type SettledCount = "confirmed" | "rejected" | "timedOut" | "busy";

function countOf(status: OrderStatus): SettledCount | undefined {
  switch (status) {
    case ORDER_STATUSES.confirmed:
      return "confirmed";
    case ORDER_STATUSES.rejected:
      return "rejected";
    case ORDER_STATUSES.timedOut:
      return "timedOut";
    case ORDER_STATUSES.busy:
      return "busy";
    default:
      return undefined;
  }
}

/**
 * Counts an order that moved from one status to another. A late answer to
 * a timed-out order moves it out of `timedOut`, a late receipt moves a busy
 * one out of `busy`, so nothing is counted twice.
 */
export function rushSettled(rush: RushProgress, from: OrderStatus, to: OrderStatus): RushProgress {
  const counts: Record<SettledCount, number> = { confirmed: rush.confirmed, rejected: rush.rejected, timedOut: rush.timedOut, busy: rush.busy };
  const before = countOf(from);
  const after = countOf(to);
  if (before === after) return rush;
  if (before) counts[before]--;
  if (after) counts[after]++;
  return { ...rush, ...counts };
}

/** Orders of the rush without an answer that were given up on: timed out, or busy. */
export function rushUnconfirmed(rush: RushProgress): number {
  return rush.timedOut + rush.busy;
}

/**
 * Whether every order a rush that no longer sends has published has its
 * outcome, or was given up on (a late receipt or answer may still change
 * it). Counted against the orders published, not those accepted: an order
 * without its receipt yet (queued again after a lost connection, or in
 * flight) may still be taken and sold. False for a rush the broker took
 * nothing from: there is nothing to tell.
 */
export function isRushAnswered(rush: RushProgress): boolean {
  if (rush.status === RUSH_STATUSES.running || rush.accepted === 0) return false;
  return rush.confirmed + rush.rejected + rushUnconfirmed(rush) >= rush.published;
}

/**
 * The orders a rush's bars count against: every order it means to send,
 * unless it ended before placing them all (stopped, interrupted, busy),
 * when only those it placed, since the rest never will be. "16 / 100"
 * after an interruption read as 84 orders still on their way.
 */
export function rushScope(rush: RushProgress): number {
  // One that placed nothing keeps its total: bars out of 0 would read as 0 %, and a screen reader divides by it.
  return rushEndedEarly(rush) && rush.published > 0 ? rush.published : rush.total;
}

/** Whether the rush no longer sends and placed fewer orders than it meant to. */
export function rushEndedEarly(rush: RushProgress): boolean {
  return rush.status !== RUSH_STATUSES.running && rush.published < rush.total;
}

/** Ends a running rush early: stopped by the buyer, interrupted by the connection, or refused by a busy broker. */
export function endRush(
  rush: RushProgress,
  status: typeof RUSH_STATUSES.stopped | typeof RUSH_STATUSES.interrupted | typeof RUSH_STATUSES.busy,
): RushProgress {
  return rush.status === RUSH_STATUSES.running ? { ...rush, status } : rush;
}
