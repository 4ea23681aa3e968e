import type { Country, Purchase } from "@repo/contract";
import type { Order, OrderBook } from "./order-book.js";
import { addOrder, addUnprocessedOrder, isUnprocessed, ORDER_STATUSES } from "./order-book.js";
import type { OutboxEntry } from "./outbox-entry.js";
import { isParked } from "./outbox-entry.js";

/**
 * How long after the buyer asked an order the site never sent (clicked
 * while offline) may still be sent without them asking again: 24 hours.
 * Tickets are for an event with a date, so an order clicked offline must
 * not become a sale days later, when the buyer may have bought elsewhere,
 * changed plans, or the event passed. A day still covers what the outbox is
 * for: a lost connection, a reload, a laptop closed overnight. An order the
 * site published even once is sent at any age: the broker may have it (a
 * lost RECEIPT says nothing about the SEND), so it may be sold already, and
 * resending it (same orderId) is how the buyer learns so. Expiring it could
 * hide a sale and invite the buyer to buy twice.
 */
export const OUTBOX_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * How long a parked entry (`isParked`) stays in storage after the buyer's
 * last ask: 30 days. An expired order's tombstone tells another tab of the
 * site that still holds the order as queued (one left offline, a laptop
 * closed for days) that it expired, so that tab expires it too instead of
 * reading its absence as "answered in another tab" and sending it; a tab
 * away for longer than this sends it. An order the consumer could not
 * process keeps its row and its Try again across reloads for as long. The
 * cap keeps storage from growing forever.
 */
export const PARKED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The outbox: every order whose outcome the buyer has not learned yet. Buying
 * never talks to the STOMP client directly: an order is queued, sent when the
 * site is connected, and sent again with the same orderId after every
 * reconnect until its answer comes. The consumer decides each orderId once
 * and answers a repeat with the stored outcome, so a resend can never sell
 * twice; it is how a site learns an outcome whose reply queue died with the
 * connection. The outbox is kept in storage too, so a reload sends it again.
 *
 * An order the site never sent, though, is sent unasked only for a day
 * (`OUTBOX_MAX_AGE_MS`): after that it expires and leaves the outbox, and
 * only the buyer can send it. Pure functions over the order book and plain
 * values.
 */

/** The purchase an order is sent as, every time it is sent. */
export function purchaseOf(order: Order, country: Country): Purchase {
  return { orderId: order.orderId, country, quantity: order.quantity, placedAt: order.placedAt };
}

/**
 * What the outbox keeps of an order; an expired one is kept as a tombstone,
 * one answered `processing_failed` as unprocessed, parked at `answeredAt`
 * (epoch milliseconds) when that answer came now.
 */
export function entryOf(order: Order, country: Country, answeredAt?: number): OutboxEntry {
  const { rush, published, askedAt, told } = order;
  const expired = order.status === ORDER_STATUSES.expired;
  const unprocessed = isUnprocessed(order);
  return {
    purchase: purchaseOf(order, country),
    rush,
    published,
    ...(askedAt === undefined ? {} : { askedAt }),
    ...(told === undefined ? {} : { told }),
    ...(expired ? { expired: true } : {}),
    ...(unprocessed ? { unprocessed: true } : {}),
    ...(unprocessed && answeredAt !== undefined ? { parkedAt: new Date(answeredAt).toISOString() } : {}),
  };
}

/** When (epoch milliseconds) the buyer last asked for an order: a Send anyway, or else the click. Its age counts from then. */
export function lastAskedAt(order: Pick<Order, "placedAt" | "askedAt">): number {
  return Date.parse(order.askedAt ?? order.placedAt);
}

/**
 * Whether an order may no longer be sent unless the buyer asks: the site
 * never published it, and the buyer asked for it (the click, or a later
 * Send anyway) more than `OUTBOX_MAX_AGE_MS` before `now` (milliseconds
 * since the epoch, the browser's clock).
 */
export function isTooOldToSend(order: Pick<Order, "published" | "placedAt" | "askedAt">, now: number): boolean {
  return !order.published && now - lastAskedAt(order) > OUTBOX_MAX_AGE_MS;
}

/** When (`Date.now` milliseconds) the next queued order the site never sent turns too old to send unasked; undefined when none will. */
export function nextTooOldAt(book: OrderBook): number | undefined {
  let earliest: number | undefined;
  for (const order of book.orders) {
    if (order.status !== ORDER_STATUSES.queued || order.published) continue;
    const at = lastAskedAt(order) + OUTBOX_MAX_AGE_MS + 1;
    // A time Date.parse cannot read (an edited entry with an offset such as "+01") would fire the timer at once, forever.
    if (Number.isNaN(at)) continue;
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest;
}

/** The later of two asks (ISO-8601), or the one there is. */
function laterAsk(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Brings what storage says into the queued orders about to expire (too old
 * to send at `now`): another tab of the site shares the storage, and may
 * have moved on since this one read it. `unkept` names orders storage
 * refused to keep: nothing stored about them is no news.
 *
 * - Stored as published (another tab sent it): published here too.
 * - Stored with a later ask (another tab's Send anyway): that ask counts.
 * - Stored as expired (another tab expired it): left as it is, so it
 *   expires here too.
 * - No longer stored: another tab learned its outcome and forgot it. Read
 *   as published: resending it with the same orderId only fetches that
 *   outcome, while expiring it would show "Not sent" for an order that may
 *   be sold. An unknown state errs towards resending, never towards hiding
 *   an outcome. (Nor does a tombstone outlive `PARKED_RETENTION_MS`;
 *   then this tab sends it, and shows what comes of it.)
 * - Never stored (`unkept`): this tab's view is the only one, and stands.
 *
 * Other orders are left alone; an unchanged book is returned as is.
 */
export function adoptStored(book: OrderBook, stored: readonly OutboxEntry[], now: number, unkept: ReadonlySet<string> = new Set()): OrderBook {
  const byId = new Map(stored.map((entry) => [entry.purchase.orderId, entry]));
  const orders = book.orders.map((order) => {
    if (order.status !== ORDER_STATUSES.queued || !isTooOldToSend(order, now) || unkept.has(order.orderId)) return order;
    const entry = byId.get(order.orderId);
    const published = entry?.published ?? true;
    const askedAt = laterAsk(order.askedAt, entry?.askedAt);
    if (published === order.published && askedAt === order.askedAt) return order;
    return { ...order, published, ...(askedAt === undefined ? {} : { askedAt }) };
  });
  return orders.every((order, index) => order === book.orders[index]) ? book : { orders };
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
  return expired.length === 0 ? { book, expired } : { book: { orders }, expired };
}

/** Queued orders, oldest first: what to send as soon as the site is connected. */
export function ordersToSend(book: OrderBook): Order[] {
  return book.orders.filter((order) => order.status === ORDER_STATUSES.queued).reverse();
}

/**
 * Puts kept orders back in the book, oldest first, skipping those it already
 * has and tombstones: queued, to be sent, or answered `processing_failed`
 * with their Try again when stored as unprocessed.
 */
export function restoreOutbox(book: OrderBook, entries: readonly OutboxEntry[]): OrderBook {
  const known = new Set(book.orders.map((order) => order.orderId));
  let restored = book;
  for (const { purchase, rush, published, askedAt, told, expired, unprocessed } of entries) {
    if (expired === true || known.has(purchase.orderId)) continue;
    known.add(purchase.orderId);
    const { orderId, quantity, placedAt } = purchase;
    const kept = { orderId, quantity, placedAt, rush, published, ...(askedAt === undefined ? {} : { askedAt }), ...(told === undefined ? {} : { told }) };
    restored = unprocessed === true ? addUnprocessedOrder(restored, kept) : addOrder(restored, kept);
  }
  return restored;
}

/**
 * The orderIds of parked entries (`isParked`) kept for more than
 * `PARKED_RETENTION_MS` before `now` (epoch milliseconds), counted from the
 * buyer's last ask, or for an unprocessed one from its answer when later:
 * an order answered `processing_failed` a month after its click keeps its
 * Try again a month.
 */
export function outlivedParkedEntries(entries: readonly OutboxEntry[], now: number): string[] {
  const keptSince = (entry: OutboxEntry): number =>
    Math.max(lastAskedAt({ askedAt: entry.askedAt, placedAt: entry.purchase.placedAt }), entry.parkedAt === undefined ? -Infinity : Date.parse(entry.parkedAt));
  return entries.filter((entry) => isParked(entry) && now - keptSince(entry) > PARKED_RETENTION_MS).map(({ purchase }) => purchase.orderId);
}
