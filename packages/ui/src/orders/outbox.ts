import type { Country, Purchase } from "@repo/contract";
import { isPurchase } from "@repo/contract";
import type { Order, OrderBook } from "./order-book.js";
import { addOrder, ORDER_STATUSES } from "./order-book.js";

/**
 * The outbox: every order whose outcome the buyer has not learned yet. Buying
 * never talks to the STOMP client directly: an order is queued, sent when the
 * site is connected, and sent again with the same orderId after every
 * reconnect until its answer comes. The consumer decides each orderId once
 * and answers a repeat with the stored outcome, so a resend can never sell
 * twice; it is how a site learns an outcome whose reply queue died with the
 * connection. The outbox is kept in storage too, so a reload sends it again.
 * Pure functions over the order book and plain values.
 */

/** What the outbox keeps of an order, so a reload can send it again. */
export interface OutboxEntry {
  /** The purchase exactly as it is (re-)sent. */
  readonly purchase: Purchase;
  /** Whether a rush placed it: its outcome is announced with the rush, not alone. */
  readonly rush: boolean;
}

/** The purchase an order is sent as, every time it is sent. */
export function purchaseOf(order: Order, country: Country): Purchase {
  return { orderId: order.orderId, country, quantity: order.quantity, placedAt: order.placedAt };
}

export function outboxEntryOf(order: Order, country: Country): OutboxEntry {
  return { purchase: purchaseOf(order, country), rush: order.rush };
}

/** Queued orders, oldest first: what to send as soon as the site is connected. */
export function ordersToSend(book: OrderBook): Order[] {
  return book.orders.filter((order) => order.status === ORDER_STATUSES.queued).reverse();
}

/**
 * Puts kept orders back in the book as queued, oldest first, skipping those
 * it already has. `at` is the clock reading they count as queued at.
 */
export function restoreOutbox(book: OrderBook, entries: readonly OutboxEntry[], at: number): OrderBook {
  const known = new Set(book.orders.map((order) => order.orderId));
  let restored = book;
  for (const { purchase, rush } of entries) {
    if (known.has(purchase.orderId)) continue;
    known.add(purchase.orderId);
    const { orderId, quantity, placedAt } = purchase;
    restored = addOrder(restored, { orderId, quantity, placedAt, publishedAt: at, rush });
  }
  return restored;
}

/**
 * A stored outbox after this tab kept some orders and forgot others. Other
 * tabs of the same site share the storage, so entries this tab did not name
 * stay as they are.
 */
export function updateOutbox(
  stored: readonly OutboxEntry[],
  keep: readonly OutboxEntry[],
  forget: readonly string[],
): OutboxEntry[] {
  const forgotten = new Set(forget);
  const replaced = new Set(keep.map(({ purchase }) => purchase.orderId));
  const untouched = stored.filter(({ purchase }) => !forgotten.has(purchase.orderId) && !replaced.has(purchase.orderId));
  return [...untouched, ...keep.filter(({ purchase }) => !forgotten.has(purchase.orderId))];
}

export function serializeOutbox(entries: readonly OutboxEntry[]): string {
  return JSON.stringify(entries);
}

function isEntry(value: unknown, country: Country): value is OutboxEntry {
  if (typeof value !== "object" || value === null) return false;
  const { purchase, rush } = value as Record<string, unknown>;
  return isPurchase(purchase) && purchase.country === country && typeof rush === "boolean";
}

/**
 * Reads a stored outbox. Storage is the user's to edit, so it is untrusted:
 * entries that are not well-formed purchases of this site's country are
 * dropped (a purchase the consumer would refuse is no use resending), and
 * anything unreadable counts as an empty outbox.
 */
export function parseOutbox(text: string | null, country: Country): OutboxEntry[] {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(value) ? value.filter((entry): entry is OutboxEntry => isEntry(entry, country)) : [];
}
