import type { Confirmation, PurchaseQuantity, RejectionReason } from "@repo/contract";
import { isPurchaseQuantity, isStoreDecision, ORDER_OUTCOMES, REJECTION_REASONS } from "@repo/contract";

/**
 * The orders a site lists, and what became of them: those placed on this
 * page, those still owed from earlier loads, and the last answered.
 * Pure functions over immutable values: every change returns a new book (and
 * new order objects), an unchanged book is returned as the same object, so
 * Lit properties bound to `book.orders` update exactly when something changed.
 */

/** Where an order stands, as shown to the buyer and in each row's `data-status`. */
export const ORDER_STATUSES = {
  /** In the outbox, waiting for a connection to be sent (again). */
  queued: "queued",
  /** Published; the broker has not acknowledged it yet. */
  sending: "sending",
  /** The broker accepted it (STOMP receipt); waiting for the consumer. */
  accepted: "accepted",
  /** The consumer sold the tickets. */
  confirmed: "confirmed",
  /** The consumer refused the order, with a reason. */
  rejected: "rejected",
  /** No answer came in time; a late one still wins. */
  timedOut: "timed-out",
  /**
   * No receipt came in time although the connection stayed up: most likely
   * the broker refused it because the country's queue is full (Web-STOMP
   * drops a refused SEND without an ERROR). The buyer is told the site is
   * busy and may send it again; it stays outstanding, since a receipt can
   * also just be late (a restarted broker recovering its queues).
   */
  busy: "busy",
  /**
   * Never handed to a connection (clicked while offline), and asked for too
   * long ago to be sent without the buyer asking again (`OUTBOX_MAX_AGE_MS`):
   * it left the outbox. The buyer may send it anyway, with the same orderId.
   */
  expired: "expired",
} as const;

export type OrderStatus = (typeof ORDER_STATUSES)[keyof typeof ORDER_STATUSES];

/** Statuses that give up on an order for display only: it stays outstanding, and a late receipt or answer still wins. */
export type GivenUpStatus = typeof ORDER_STATUSES.timedOut | typeof ORDER_STATUSES.busy;

/** Takes any value, so stored entries (untrusted) are read with it too. */
export function isGivenUp(status: unknown): status is GivenUpStatus {
  return status === ORDER_STATUSES.timedOut || status === ORDER_STATUSES.busy;
}

/** One order in the list. Clock readings are milliseconds of the book's clock, and only this page's: a restored order has none until this page sends it. */
export interface Order {
  /** The purchase's orderId, also its correlation-id. */
  readonly orderId: string;
  /** Tickets bought. */
  readonly quantity: PurchaseQuantity;
  /** Where the order stands. */
  readonly status: OrderStatus;
  /** When the buyer clicked, ISO-8601, as sent in the purchase. */
  readonly placedAt: string;
  /**
   * Clock reading when this page last handed the purchase to the broker;
   * undefined until it does. Not `published`, which an earlier page load or
   * another tab may have set, and which outlives this page's clock.
   */
  readonly publishedAt?: number;
  /** Clock reading when the broker's receipt arrived. */
  readonly acceptedAt?: number;
  /** Clock reading when the order was answered or given up on. */
  readonly settledAt?: number;
  /** Why the consumer rejected the order. */
  readonly reason?: RejectionReason;
  /** Tickets left in stock after this order, when the consumer says. */
  readonly remaining?: number;
  /** Whether a rush sent the order rather than a buyer's click. */
  readonly rush: boolean;
  /**
   * Whether the site ever handed its SEND to a connection (in any page load
   * or tab): the broker may have it then, whether or not a RECEIPT came (a
   * dropped connection or a closed tab loses the RECEIPT, not the SEND), so
   * it is resent at any age, which at worst only fetches its answer.
   */
  readonly published: boolean;
  /**
   * When the buyer last asked for it again (Try again, Send anyway),
   * ISO-8601 from the browser's clock; until then `placedAt` counts. Kept in
   * the outbox, so a reload counts from it too.
   */
  readonly askedAt?: string;
  /**
   * The given-up statuses the buyer has been told of. A reconnect or a
   * reload queues the order again, and the resend may time out or turn
   * busy again; the buyer already knows, so each is told once. Kept in the
   * outbox, so a reload knows too. Absent until the first is told.
   */
  readonly told?: readonly GivenUpStatus[];
}

export interface OrderBook {
  /** Newest first. */
  readonly orders: readonly Order[];
}

/**
 * What a new order needs; the book sets its status and measurements.
 * `published` is false, `askedAt` and `told` absent unless a kept order
 * says otherwise.
 */
export type NewOrder = Pick<Order, "orderId" | "quantity" | "placedAt" | "rush"> & Partial<Pick<Order, "published" | "askedAt" | "told">>;

/** How many orders a book keeps; the oldest with a final answer go first. */
const DEFAULT_ORDER_LIMIT = 500;

export function emptyOrderBook(): OrderBook {
  return { orders: [] };
}

/**
 * Sending or accepted: published on this connection, neither answered nor given
 * up on yet, so the answer timeout runs for it. Narrower than
 * `OrderStats.inFlight`, which counts queued orders too, and than
 * `isOutstanding`, which adds timed-out and busy ones.
 */
function isAwaitingAnswerInTime(order: Order): boolean {
  return order.status === ORDER_STATUSES.sending || order.status === ORDER_STATUSES.accepted;
}

/**
 * The site still owes the buyer this order's outcome: it stays in the outbox,
 * and is sent again with the same orderId after a reconnect. Timed-out and
 * busy orders are among them: given up on for display, not for delivery.
 */
export function isOutstanding(order: Order): boolean {
  return (
    isAwaitingAnswerInTime(order) ||
    order.status === ORDER_STATUSES.queued ||
    order.status === ORDER_STATUSES.timedOut ||
    order.status === ORDER_STATUSES.busy
  );
}

export function isAnswered(order: Order): boolean {
  return order.status === ORDER_STATUSES.confirmed || order.status === ORDER_STATUSES.rejected;
}

/**
 * Whether the consumer answered the order `processing_failed`: it could not
 * store that delivery and sold nothing for it, so another copy of the order
 * (a resend still in the queue) may yet be sold, and that answer must
 * replace this one. The order waits for the buyer's Try again.
 */
export function isUnprocessed(order: Order): boolean {
  return order.status === ORDER_STATUSES.rejected && order.reason === REJECTION_REASONS.processingFailed;
}

/** Waiting for the connection after the site had sent it: it goes again, and may be sold already. */
export function isAwaitingResend(order: Order): boolean {
  return order.status === ORDER_STATUSES.queued && order.published;
}

/**
 * The orders whose row gives its advice in full (don't order again): the
 * newest timed out, and the newest waiting to be sent again; `orders` are
 * newest first. Older rows in those states give its first words only.
 */
export function ordersAdvisedInFull(orders: readonly Order[]): ReadonlySet<string> {
  const newest = [orders.find(({ status }) => status === ORDER_STATUSES.timedOut), orders.find(isAwaitingResend)];
  return new Set(newest.flatMap((order) => (order ? [order.orderId] : [])));
}

/**
 * The orders as the list shows them: the buyer's own above a rush's, each
 * newest first (as `orders` are). Newest first alone put a rush's hundred
 * rows above the orders placed before it, which a buyer then had to scroll
 * past the whole rush to find.
 */
export function buyersOrdersFirst(orders: readonly Order[]): readonly Order[] {
  const own = orders.filter((order) => !order.rush);
  return own.length === 0 || own.length === orders.length ? orders : [...own, ...orders.filter((order) => order.rush)];
}

/** Whether the order's answer stands for good: every answer does but `processing_failed` (`isUnprocessed`). */
export function isFinal(order: Order): boolean {
  return isAnswered(order) && !isUnprocessed(order);
}

/** Whether the buyer was already told the order's current given-up status (timed out or busy), in this page or an earlier one. */
export function wasTold(order: Order): boolean {
  return isGivenUp(order.status) && order.told?.includes(order.status) === true;
}

/** Records that the buyer was told the order's current given-up status; anything else changes nothing. */
export function markTold(book: OrderBook, orderId: string): OrderBook {
  const index = book.orders.findIndex((order) => order.orderId === orderId);
  const order = book.orders[index];
  if (!order || !isGivenUp(order.status) || wasTold(order)) return book;
  return replace(book, index, { ...order, told: [...(order.told ?? []), order.status] });
}

/** Milliseconds from publishing to the consumer's answer, a confirmation or a rejection; undefined until answered. */
export function timeToAnswer(order: Order): number | undefined {
  return isAnswered(order) && order.settledAt !== undefined && order.publishedAt !== undefined ? order.settledAt - order.publishedAt : undefined;
}

/** Milliseconds from publishing to the broker's receipt; undefined until it came. */
export function timeToAccept(order: Order): number | undefined {
  return order.acceptedAt === undefined || order.publishedAt === undefined ? undefined : order.acceptedAt - order.publishedAt;
}

function replace(book: OrderBook, index: number, order: Order): OrderBook {
  const orders = book.orders.slice();
  orders[index] = order;
  return { orders };
}

/**
 * Records a new order, queued until it is published. Beyond `limit` orders,
 * the oldest with a final answer (`isFinal`) are forgotten. No other is:
 * an outstanding order is owed its outcome, and one answered
 * `processing_failed` or expired waits for the buyer's button; the first
 * may yet be sold, and its answer must find it.
 */
export function addOrder(book: OrderBook, order: NewOrder, limit = DEFAULT_ORDER_LIMIT): OrderBook {
  const added: Order = { ...order, published: order.published ?? false, status: ORDER_STATUSES.queued };
  const orders = [added, ...book.orders];
  for (let i = orders.length - 1; orders.length > limit && i > 0; i--) {
    const candidate = orders[i];
    if (candidate && isFinal(candidate)) orders.splice(i, 1);
  }
  return { orders };
}

/**
 * A queued order was handed to the broker: it is sending until the receipt,
 * and published for good, since the broker may have it from now on whatever
 * becomes of the receipt. Anything else is left alone.
 */
export function markPublished(book: OrderBook, orderId: string, at: number): OrderBook {
  const index = book.orders.findIndex((order) => order.orderId === orderId);
  const order = book.orders[index];
  if (!order || order.status !== ORDER_STATUSES.queued) return book;
  // A receipt of an earlier SEND says nothing of this one, which awaits its own (`awaitsReceipt`).
  return replace(book, index, { ...order, status: ORDER_STATUSES.sending, published: true, publishedAt: at, acceptedAt: undefined });
}

/**
 * Records an order an earlier page load (or another tab) had answered
 * `processing_failed` (`isUnprocessed`): it shows so, with its Try again,
 * and is not sent until the buyer asks. Otherwise as `addOrder`.
 */
export function addUnprocessedOrder(book: OrderBook, order: NewOrder): OrderBook {
  const [added, ...rest] = addOrder(book, { ...order, published: true }).orders;
  if (!added) return book;
  return { orders: [{ ...added, status: ORDER_STATUSES.rejected, reason: REJECTION_REASONS.processingFailed }, ...rest] };
}

/**
 * An order an earlier page load (or another tab) had its final answer
 * for: listed with that answer, and never sent. It has no time to answer:
 * that was measured on another page's clock.
 */
export function answeredOrder(order: NewOrder, answer: Pick<Order, "status" | "reason">): Order {
  return { ...order, published: true, status: answer.status, ...(answer.reason === undefined ? {} : { reason: answer.reason }) };
}

/** Records an `answeredOrder`, newest; otherwise as `addOrder`. */
export function addAnsweredOrder(book: OrderBook, order: NewOrder, answer: Pick<Order, "status" | "reason">): OrderBook {
  const [, ...rest] = addOrder(book, order).orders;
  return { orders: [answeredOrder(order, answer), ...rest] };
}

export interface RequeueResult {
  readonly book: OrderBook;
  /** Each order that went back to the queue, as it stood before, newest first. */
  readonly requeued: readonly Order[];
}

/**
 * The connection is gone, and with it the temporary queue any answer would
 * come to: every outstanding order goes back to the queue, to be sent again
 * with the same orderId once connected. The consumer answers a repeat from
 * its store, so the resend is safe and brings the outcome back.
 */
export function requeueOutstanding(book: OrderBook): RequeueResult {
  const requeued: Order[] = [];
  const orders = book.orders.map((order) => {
    if (!isOutstanding(order) || order.status === ORDER_STATUSES.queued) return order;
    requeued.push(order);
    // The receipt and the timeout belonged to the lost connection; the resend measures afresh.
    return { ...order, status: ORDER_STATUSES.queued, acceptedAt: undefined, settledAt: undefined };
  });
  return requeued.length === 0 ? { book, requeued } : { book: { orders }, requeued };
}

/**
 * The broker's receipt came: a sending order is now accepted. A busy one too:
 * the broker took it after all, only late. An order that timed out before
 * its receipt stays timed out (its answer is as overdue as before) but
 * notes the receipt, so that it is no longer taken for refused
 * (`isRefused`). Anything else is left alone.
 */
export function markAccepted(book: OrderBook, orderId: string, at: number): OrderBook {
  const index = book.orders.findIndex((order) => order.orderId === orderId);
  const order = book.orders[index];
  if (!order) return book;
  if (order.status === ORDER_STATUSES.sending || order.status === ORDER_STATUSES.busy) {
    return replace(book, index, { ...order, status: ORDER_STATUSES.accepted, acceptedAt: at, settledAt: undefined });
  }
  if (order.status === ORDER_STATUSES.timedOut && order.acceptedAt === undefined) return replace(book, index, { ...order, acceptedAt: at });
  return book;
}

export interface BusyResult {
  readonly book: OrderBook;
  /** Orders that just turned busy, newest first. */
  readonly busy: readonly Order[];
}

/**
 * Whether this page sent the order on this connection and its receipt has
 * not come: it is sending, or it timed out before any receipt came
 * (`acceptedAt`). The second happens when the broker fell silent right
 * after the SEND for longer than the answer timeout (a network stall):
 * the order turns *Unconfirmed* while nothing can be told of its receipt.
 * It is the same question as for a sending order, only asked later: once
 * the broker is heard again, a SEND it took would have had its receipt.
 */
function awaitsReceipt({ status, acceptedAt }: Order): boolean {
  return status === ORDER_STATUSES.sending || (status === ORDER_STATUSES.timedOut && acceptedAt === undefined);
}

/**
 * Whether an order's missing receipt says the broker refused it: it awaits
 * its receipt (`awaitsReceipt`), was published `receiptTimeoutMs` or longer
 * before `now`, and the broker has sent the page something since
 * (`heardAt`, the last frame of any kind). A broker that refuses a SEND,
 * its queue full, still sends the stock and heartbeats. From a network that
 * died without closing the socket nothing comes: the order stays sending
 * (after the answer timeout, timed out) until the heartbeat check drops the
 * socket, and is sent again on the next connection. If the broker is heard
 * again first, a timed-out order is refused like a sending one: left
 * *Unconfirmed*, with the advice not to order again and no Try again, it
 * would wait for an answer to a SEND the broker dropped, until a reconnect
 * or a reload.
 */
function isRefused(order: Order, now: number, receiptTimeoutMs: number, heardAt: number): boolean {
  const { publishedAt } = order;
  return awaitsReceipt(order) && publishedAt !== undefined && now - publishedAt >= receiptTimeoutMs && publishedAt < heardAt;
}

/** Orders whose missing receipt says the broker refused them (`isRefused`), sending or timed out: they are busy. */
export function markBusy(book: OrderBook, now: number, receiptTimeoutMs: number, heardAt: number): BusyResult {
  const busy: Order[] = [];
  const orders = book.orders.map((order) => {
    if (!isRefused(order, now, receiptTimeoutMs, heardAt)) return order;
    const refused: Order = { ...order, status: ORDER_STATUSES.busy, settledAt: now };
    busy.push(refused);
    return refused;
  });
  return busy.length === 0 ? { book, busy } : { book: { orders }, busy };
}

/**
 * Whether the buyer may send the order again, with the same orderId: a busy
 * one, or one the consumer answered `processing_failed` (Try again), or an
 * expired one (Send anyway). A `processing_failed` answer sold nothing for
 * that delivery, but another copy of the order may still be in a queue and
 * be sold (`isFinal`): a new order would be a second purchase, while the same
 * orderId sent again is decided once by the store, whichever copy comes first.
 */
export function isRetryable(order: Order): boolean {
  return order.status === ORDER_STATUSES.busy || order.status === ORDER_STATUSES.expired || (isAnswered(order) && !isFinal(order));
}

/**
 * The buyer asked to send a busy or `processing_failed` order again, or an
 * expired one anyway: it is queued, with the same orderId, so it can never
 * sell twice. `askedAt` (ISO-8601, the browser's clock) is when they asked:
 * the order's age counts from then. What the buyer was told of it, and the
 * answer it had, are forgotten: they asked again, so they hear what comes
 * of this ask, busy again included. Other orders are left alone.
 */
export function retryOrder(book: OrderBook, orderId: string, askedAt: string): OrderBook {
  const index = book.orders.findIndex((order) => order.orderId === orderId);
  const order = book.orders[index];
  if (!order || !isRetryable(order)) return book;
  return replace(book, index, {
    ...order,
    status: ORDER_STATUSES.queued,
    askedAt,
    // Its times are those of the next SEND, not of the one answered processing_failed.
    publishedAt: undefined,
    acceptedAt: undefined,
    settledAt: undefined,
    reason: undefined,
    remaining: undefined,
    told: undefined,
  });
}

export interface ReceiptDeadline {
  /** The clock reading at which the next order awaiting its receipt may turn busy; undefined when none will before the broker is heard from. */
  readonly at: number | undefined;
  /** Some order's receipt is overdue, but the broker has been silent since it was sent: the next frame decides. */
  readonly awaitingBroker: boolean;
}

/** When `markBusy` should next look, given the orders awaiting their receipt (`awaitsReceipt`), `now` and when the broker was last heard from. */
export function nextReceiptDeadline(book: OrderBook, receiptTimeoutMs: number, now: number, heardAt: number): ReceiptDeadline {
  let at: number | undefined;
  let awaitingBroker = false;
  for (const order of book.orders) {
    const { publishedAt } = order;
    if (!awaitsReceipt(order) || publishedAt === undefined) continue;
    const due = publishedAt + receiptTimeoutMs;
    if (due <= now && publishedAt >= heardAt) awaitingBroker = true;
    else if (at === undefined || due < at) at = due;
  }
  return { at, awaitingBroker };
}

export interface ConfirmationResult {
  readonly book: OrderBook;
  /** The order as it now stands; undefined when the confirmation changed nothing. */
  readonly order: Order | undefined;
}

/**
 * Applies the consumer's answer. An answer for an unknown order (another tab,
 * an earlier session) or a repeated answer changes nothing. A late answer to
 * a timed-out order still wins: it is the truth about the order. So does an
 * answer after a `processing_failed` rejection (see `isFinal`), which is
 * replaced whole: status, reason, stock left and time to answer. The
 * quantity of a store's decision (a confirmation, `sold_out`) is the
 * stored one: the store decides an orderId once, so a resend that asked for
 * another quantity (an edited outbox, a second sender) is told what the
 * store decided, and the site shows that. A refusal before the store only
 * repeats the body it was sent, which may not be this tab's: its quantity
 * is not taken.
 */
export function applyConfirmation(book: OrderBook, confirmation: Confirmation, at: number): ConfirmationResult {
  const index = book.orders.findIndex((order) => order.orderId === confirmation.orderId);
  const order = book.orders[index];
  if (!order || isFinal(order)) return { book, order: undefined };
  const { status, reason, remaining, quantity } = confirmation;
  const rejected = status === ORDER_OUTCOMES.rejected;
  // The same failure told twice is a repeat, not news.
  if (isAnswered(order) && rejected && reason === order.reason) return { book, order: undefined };
  const answered: Order = {
    ...order,
    status: rejected ? ORDER_STATUSES.rejected : ORDER_STATUSES.confirmed,
    quantity: isStoreDecision(confirmation) && isPurchaseQuantity(quantity) ? quantity : order.quantity,
    settledAt: at,
    reason: rejected ? reason : undefined,
    remaining,
  };
  return { book: replace(book, index, answered), order: answered };
}

export interface TimeoutResult {
  readonly book: OrderBook;
  /** Orders that just timed out, newest first. */
  readonly timedOut: readonly Order[];
}

/** Gives up on orders awaiting their answer (`isAwaitingAnswerInTime`) published `timeoutMs` or longer before `now`. */
export function timeOutOrders(book: OrderBook, now: number, timeoutMs: number): TimeoutResult {
  const timedOutNow: Order[] = [];
  const orders = book.orders.map((order) => {
    if (!isAwaitingAnswerInTime(order) || order.publishedAt === undefined || now - order.publishedAt < timeoutMs) return order;
    const timedOut: Order = { ...order, status: ORDER_STATUSES.timedOut, settledAt: now };
    timedOutNow.push(timedOut);
    return timedOut;
  });
  return timedOutNow.length === 0 ? { book, timedOut: timedOutNow } : { book: { orders }, timedOut: timedOutNow };
}

/** The clock reading at which the next order awaiting its answer (`isAwaitingAnswerInTime`) times out; undefined when none is. */
export function nextAnswerDeadline(book: OrderBook, timeoutMs: number): number | undefined {
  let earliest: number | undefined;
  for (const order of book.orders) {
    const { publishedAt } = order;
    if (isAwaitingAnswerInTime(order) && publishedAt !== undefined && (earliest === undefined || publishedAt < earliest)) earliest = publishedAt;
  }
  return earliest === undefined ? undefined : earliest + timeoutMs;
}

export interface OrderStats {
  /** Queued, sending or accepted. */
  readonly inFlight: number;
  readonly confirmed: number;
  readonly rejected: number;
  readonly timedOut: number;
  /** Refused by the broker: no receipt came. */
  readonly busy: number;
  /** Not sent: never handed to a connection, and asked for too long ago. */
  readonly expired: number;
  /** Median time to answer (confirmation or rejection), ms; undefined before the first answer. */
  readonly medianMs: number | undefined;
  /** 95th percentile of the time to answer, ms. */
  readonly p95Ms: number | undefined;
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: readonly number[], fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1];
}

export function orderStats(book: OrderBook): OrderStats {
  const counts = { inFlight: 0, confirmed: 0, rejected: 0, timedOut: 0, busy: 0, expired: 0 };
  const times: number[] = [];
  for (const order of book.orders) {
    if (isAwaitingAnswerInTime(order) || order.status === ORDER_STATUSES.queued) counts.inFlight++;
    else if (order.status === ORDER_STATUSES.confirmed) counts.confirmed++;
    else if (order.status === ORDER_STATUSES.rejected) counts.rejected++;
    else if (order.status === ORDER_STATUSES.busy) counts.busy++;
    else if (order.status === ORDER_STATUSES.expired) counts.expired++;
    else counts.timedOut++;
    const ms = timeToAnswer(order);
    if (ms !== undefined) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { ...counts, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
}
