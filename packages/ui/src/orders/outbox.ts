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

/** One kept order as stored: each order has its own storage entry. */
export function serializeOutboxEntry(entry: OutboxEntry): string {
  return JSON.stringify(entry);
}

/** Kept orders in the order `restoreOutbox` wants them, oldest first: by click time, then orderId. */
export function oldestFirst(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const key = ({ purchase }: OutboxEntry): string => `${purchase.placedAt} ${purchase.orderId}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function isEntry(value: unknown, country: Country): value is OutboxEntry {
  if (typeof value !== "object" || value === null) return false;
  const { purchase, rush } = value as Record<string, unknown>;
  return isPurchase(purchase) && purchase.country === country && typeof rush === "boolean";
}

/**
 * Reads one stored order. Storage is the user's to edit, so it is
 * untrusted: anything that is not a well-formed purchase of this site's
 * country reads as nothing (a purchase the consumer would refuse is no use
 * resending).
 */
export function parseOutboxEntry(text: string | null, country: Country): OutboxEntry | undefined {
  const value = parseJson(text);
  return isEntry(value, country) ? value : undefined;
}

/**
 * Reads a whole outbox stored as one list, as sites did before each order
 * had its own entry, so an outbox from then is not lost. Entries that are
 * not well-formed purchases of this site are dropped; anything unreadable
 * counts as an empty outbox.
 */
export function parseOutboxList(text: string | null, country: Country): OutboxEntry[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((entry): entry is OutboxEntry => isEntry(entry, country)) : [];
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
