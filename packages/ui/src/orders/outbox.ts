import type { Country, Purchase } from "@repo/contract";
import { isPurchase } from "@repo/contract";
import type { Order, OrderBook } from "./order-book.js";
import { addOrder, ORDER_STATUSES } from "./order-book.js";

/**
 * How long after the buyer asked an order the broker never took may still be
 * sent without them asking again: 24 hours. Tickets are for an event with a
 * date, so an order clicked offline must not become a sale days later, when
 * the buyer may have bought elsewhere, changed plans, or the event passed. A
 * day still covers what the outbox is for: a lost connection, a reload, a
 * laptop closed overnight. Orders the broker took are in its queue already:
 * resending those only fetches their answer, so they are sent at any age.
 */
export const OUTBOX_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The outbox: every order whose outcome the buyer has not learned yet. Buying
 * never talks to the STOMP client directly: an order is queued, sent when the
 * site is connected, and sent again with the same orderId after every
 * reconnect until its answer comes. The consumer decides each orderId once
 * and answers a repeat with the stored outcome, so a resend can never sell
 * twice; it is how a site learns an outcome whose reply queue died with the
 * connection. The outbox is kept in storage too, so a reload sends it again.
 *
 * An order the broker never took, though, is sent unasked only for a day
 * (`OUTBOX_MAX_AGE_MS`): after that it expires and leaves the outbox, and
 * only the buyer can send it. Pure functions over the order book and plain
 * values.
 */

/** What the outbox keeps of an order, so a reload can send it again. */
export interface OutboxEntry {
  /** The purchase exactly as it is (re-)sent. */
  readonly purchase: Purchase;
  /** Whether a rush placed it: its outcome is announced with the rush, not alone. */
  readonly rush: boolean;
  /** Whether the broker took it (a RECEIPT came): then it is resent at any age. Entries stored without it read as false. */
  readonly taken: boolean;
}

/** The purchase an order is sent as, every time it is sent. */
export function purchaseOf(order: Order, country: Country): Purchase {
  return { orderId: order.orderId, country, quantity: order.quantity, placedAt: order.placedAt };
}

/** What the outbox keeps of an order. */
export function entryOf(order: Order, country: Country): OutboxEntry {
  return { purchase: purchaseOf(order, country), rush: order.rush, taken: order.taken };
}

/**
 * Whether an order may no longer be sent unless the buyer asks: the broker
 * never took it, and the buyer asked for it (the click, or a later Try
 * again or Send anyway) more than `OUTBOX_MAX_AGE_MS` before `now`
 * (milliseconds since the epoch, the browser's clock).
 */
export function isTooOldToSend(order: Pick<Order, "taken" | "placedAt" | "askedAt">, now: number): boolean {
  return !order.taken && now - Date.parse(order.askedAt ?? order.placedAt) > OUTBOX_MAX_AGE_MS;
}

export interface ExpiredResult {
  readonly book: OrderBook;
  /** Orders that just expired, newest first. */
  readonly expired: readonly Order[];
}

/**
 * Queued orders too old to send unasked (`isTooOldToSend`) expire: they
 * leave the outbox, and only the buyer can send them again. Run before
 * every send, so neither a reload, nor a reconnect, nor the connection
 * coming up sends one.
 */
export function markExpired(book: OrderBook, now: number): ExpiredResult {
  const expired: Order[] = [];
  const orders = book.orders.map((order) => {
    if (order.status !== ORDER_STATUSES.queued || !isTooOldToSend(order, now)) return order;
    const stale: Order = { ...order, status: ORDER_STATUSES.expired };
    expired.push(stale);
    return stale;
  });
  return expired.length === 0 ? { book, expired } : { book: { orders, remaining: book.remaining }, expired };
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
  for (const { purchase, rush, taken } of entries) {
    if (known.has(purchase.orderId)) continue;
    known.add(purchase.orderId);
    const { orderId, quantity, placedAt } = purchase;
    restored = addOrder(restored, { orderId, quantity, placedAt, publishedAt: at, rush, taken });
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

/**
 * A stored order as the outbox keeps it, or undefined. Entries stored before
 * the outbox knew whether the broker took an order have no `taken`: they
 * read as not taken, so an old one is not sold unasked.
 */
function toEntry(value: unknown, country: Country): OutboxEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { purchase, rush, taken = false } = value as Record<string, unknown>;
  if (!isPurchase(purchase) || purchase.country !== country || typeof rush !== "boolean" || typeof taken !== "boolean") return undefined;
  return { purchase, rush, taken };
}

/**
 * Reads one stored order. Storage is the user's to edit, so it is
 * untrusted: anything that is not a well-formed purchase of this site's
 * country reads as nothing (a purchase the consumer would refuse is no use
 * resending).
 */
export function parseOutboxEntry(text: string | null, country: Country): OutboxEntry | undefined {
  return toEntry(parseJson(text), country);
}

/**
 * Reads a whole outbox stored as one list, as sites did before each order
 * had its own entry, so an outbox from then is not lost. Entries that are
 * not well-formed purchases of this site are dropped; anything unreadable
 * counts as an empty outbox.
 */
export function parseOutboxList(text: string | null, country: Country): OutboxEntry[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.map((entry) => toEntry(entry, country)).filter((entry) => entry !== undefined);
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
