import type { Confirmation } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { NewOrder, OrderBook } from "./order-book.js";
import { markExpired } from "./outbox.js";
import {
  addOrder,
  applyConfirmation,
  emptyOrderBook,
  timeOutOrders,
  isOutstanding,
  isRetryable,
  markAccepted,
  markBusy,
  markPublished,
  markTold,
  nextAnswerDeadline,
  nextReceiptDeadline,
  retryOrder,
  orderStats,
  buyersOrdersFirst,
  ordersAdvisedInFull,
  requeueOutstanding,
  timeToAccept,
  timeToAnswer,
  wasTold,
} from "./order-book.js";

/** A new order, with the clock reading at which the test hands it to the broker (`published`). */
type TestOrder = NewOrder & { readonly publishedAt: number };

function newOrder(overrides: Partial<TestOrder> = {}): TestOrder {
  return {
    orderId: "9f1c2b0e-1111-4a4a-8b8b-000000000001",
    quantity: 10,
    placedAt: "2026-07-14T19:00:00.000Z",
    publishedAt: 1_000,
    rush: false,
    ...overrides,
  };
}

function confirmation(overrides: Partial<Confirmation> = {}): Confirmation {
  return {
    orderId: "9f1c2b0e-1111-4a4a-8b8b-000000000001",
    status: "confirmed",
    quantity: 10,
    processedAt: "2026-07-14T19:00:00.050Z",
    ...overrides,
  };
}

/** The order as the book is given it: not published yet. */
function queued({ publishedAt: _, ...order }: TestOrder): NewOrder {
  return order;
}

/** Adds an order and hands it to the broker at its `publishedAt`. */
function published(book: OrderBook, order: TestOrder): OrderBook {
  return markPublished(addOrder(book, queued(order)), order.orderId, order.publishedAt);
}

function bookWith(...orders: TestOrder[]): OrderBook {
  return orders.reduce(published, emptyOrderBook());
}

describe("order book", () => {
  it("lists the buyer's own orders above a rush's, each newest first, so a rush does not bury the orders placed before it", () => {
    const ids = ["before", "rush-1", "rush-2", "after"];
    let book = emptyOrderBook();
    for (const orderId of ids) book = addOrder(book, queued(newOrder({ orderId, rush: orderId.startsWith("rush") })));

    const listed = buyersOrdersFirst(book.orders).map(({ orderId }) => orderId);

    expect(book.orders.map(({ orderId }) => orderId)).toEqual(["after", "rush-2", "rush-1", "before"]);
    expect(listed).toEqual(["after", "before", "rush-2", "rush-1"]);
  });

  it("a list of one kind of order is listed as it is: the same array, so nothing re-renders for it", () => {
    const book = addOrder(addOrder(emptyOrderBook(), queued(newOrder({ orderId: "a" }))), queued(newOrder({ orderId: "b" })));

    expect(buyersOrdersFirst(book.orders)).toBe(book.orders);
  });

  it("only the newest order timed out, and the newest waiting to go again, give their advice in full; older ones and an order never sent do not", () => {
    const id = (n: number) => `9f1c2b0e-1111-4a4a-8b8b-00000000000${n}`;
    // Three sent orders time out; the newest of them (3, placed last) is first in the book.
    let book = bookWith(newOrder({ orderId: id(1) }), newOrder({ orderId: id(2) }), newOrder({ orderId: id(3) }));
    book = timeOutOrders(book, 20_000, 15_000).book;
    expect(ordersAdvisedInFull(book.orders)).toEqual(new Set([id(3)]));

    // The connection drops: all three wait to go again; a fourth, never sent, waits too.
    book = addOrder(requeueOutstanding(book).book, queued(newOrder({ orderId: id(4) })));

    expect(ordersAdvisedInFull(book.orders)).toEqual(new Set([id(3)]));
  });

  it("when an order is added, it is queued and listed first, with no publish time; once published, it is sending, published then", () => {
    const book = bookWith(newOrder({ orderId: "a" }));

    const next = addOrder(book, queued(newOrder({ orderId: "b" })));

    expect(next.orders.map((order) => [order.orderId, order.status])).toEqual([
      ["b", "queued"],
      ["a", "sending"],
    ]);
    expect(book.orders).toHaveLength(1);
    expect(next.orders[0]?.publishedAt).toBeUndefined();
    expect(markPublished(next, "b", 2_000).orders[0]).toMatchObject({ status: "sending", publishedAt: 2_000 });
  });

  it("publishing an order that is not queued changes nothing", () => {
    const book = bookWith(newOrder());

    expect(markPublished(book, newOrder().orderId, 2_000)).toBe(book);
    expect(markPublished(book, "unknown", 2_000)).toBe(book);
  });

  it("when the connection is lost, sending, accepted and timed-out orders go back to the queue, unmeasured", () => {
    let book = bookWith(
      newOrder({ orderId: "timed-out", publishedAt: 0 }),
      newOrder({ orderId: "accepted", publishedAt: 14_000 }),
      newOrder({ orderId: "sending", publishedAt: 14_000 }),
      newOrder({ orderId: "answered", publishedAt: 14_000 }),
    );
    book = markAccepted(book, "accepted", 14_004);
    book = applyConfirmation(book, confirmation({ orderId: "answered" }), 14_010).book;
    book = timeOutOrders(book, 15_000, 15_000).book;
    book = addOrder(book, queued(newOrder({ orderId: "queued" })));

    const { book: next, requeued } = requeueOutstanding(book);

    expect(requeued.map((order) => [order.orderId, order.status])).toEqual([
      ["sending", "sending"],
      ["accepted", "accepted"],
      ["timed-out", "timed-out"],
    ]);
    expect(next.orders.map((order) => [order.orderId, order.status])).toEqual([
      ["queued", "queued"],
      ["answered", "confirmed"],
      ["sending", "queued"],
      ["accepted", "queued"],
      ["timed-out", "queued"],
    ]);
    expect(next.orders.filter((order) => order.status === "queued").map((order) => [order.acceptedAt, order.settledAt])).toEqual(
      Array.from({ length: 4 }, () => [undefined, undefined]),
    );
    expect(next.orders.map(isOutstanding)).toEqual([true, false, true, true, true]);
  });

  it("when nothing is outstanding, requeueing returns the same book", () => {
    const book = applyConfirmation(bookWith(newOrder()), confirmation(), 1_010).book;

    expect(requeueOutstanding(book)).toEqual({ book, requeued: [] });
  });

  it("when the broker's receipt arrives, a sending order becomes accepted and its time to accept is known", () => {
    const book = bookWith(newOrder());

    const next = markAccepted(book, newOrder().orderId, 1_004);

    expect(next.orders[0]?.status).toBe("accepted");
    expect(next.orders[0] && timeToAccept(next.orders[0])).toBe(4);
  });

  it("when a receipt names an unknown order, the book is returned unchanged", () => {
    const book = bookWith(newOrder());

    expect(markAccepted(book, "unknown", 1_004)).toBe(book);
  });

  it("when a confirmation arrives, the order is confirmed with its time to answer", () => {
    const book = markAccepted(bookWith(newOrder()), newOrder().orderId, 1_004);

    const { book: next, order } = applyConfirmation(book, confirmation(), 1_023);

    expect(order?.status).toBe("confirmed");
    expect(order && timeToAnswer(order)).toBe(23);
    expect(next.orders[0]).toBe(order);
  });

  it("when a rejection arrives, the order is rejected and keeps the reason", () => {
    const book = bookWith(newOrder());

    const { order } = applyConfirmation(book, confirmation({ status: "rejected", reason: "sold_out" }), 1_050);

    expect(order).toMatchObject({ status: "rejected", reason: "sold_out" });
  });

  it("when the answer reports the stock left, its order remembers it, and the book keeps no figure of its own that a replayed answer could move backwards", () => {
    const book = bookWith(newOrder());
    const withRemaining = confirmation({ remaining: 4_990 });

    const { book: next, order } = applyConfirmation(book, withRemaining, 1_010);

    expect(order?.remaining).toBe(4_990);
    expect(Object.keys(next)).toEqual(["orders"]);
  });

  it.each<[string, Partial<Confirmation>]>([
    ["a confirmation", {}],
    ["a sold_out rejection", { status: "rejected", reason: "sold_out", remaining: 0 }],
  ])("when %s names another quantity than the site asked for, the order shows the one the store decided", (_case, answer) => {
    const book = bookWith(newOrder({ quantity: 10 }));

    const { order } = applyConfirmation(book, confirmation({ ...answer, quantity: 100 }), 1_010);

    expect(order?.quantity).toBe(100);
  });

  it.each<[string, Partial<Confirmation>]>([
    ["could not read the body", { reason: "invalid_fields", quantity: null }],
    ["repeats another copy's body", { reason: "wrong_site", quantity: 10 }],
    ["says the store could not take the order", { reason: "processing_failed", quantity: 10 }],
  ])("when a refusal %s, the order keeps the quantity the site asked for", (_case, answer) => {
    const book = bookWith(newOrder({ quantity: 100 }));

    const { order } = applyConfirmation(book, confirmation({ status: "rejected", ...answer }), 1_010);

    expect(order?.quantity).toBe(100);
  });

  it("when another copy of an order is answered after a processing_failed rejection, that answer replaces it whole", () => {
    const failed = applyConfirmation(bookWith(newOrder()), confirmation({ status: "rejected", reason: "processing_failed" }), 1_010).book;

    const { book, order } = applyConfirmation(failed, confirmation({ remaining: 4_990 }), 1_900);

    expect(order).toMatchObject({ status: "confirmed", reason: undefined, remaining: 4_990 });
    expect(order && timeToAnswer(order)).toBe(900);
    expect(orderStats(book)).toMatchObject({ confirmed: 1, rejected: 0 });
  });

  it("a processing_failed rejection may be replaced by another rejection, but not repeated; every other answer is final", () => {
    const failed = applyConfirmation(bookWith(newOrder()), confirmation({ status: "rejected", reason: "processing_failed" }), 1_010).book;
    const soldOut = applyConfirmation(bookWith(newOrder()), confirmation({ status: "rejected", reason: "sold_out" }), 1_010).book;
    const confirmed = applyConfirmation(bookWith(newOrder()), confirmation(), 1_010).book;

    expect(applyConfirmation(failed, confirmation({ status: "rejected", reason: "processing_failed" }), 1_020)).toEqual({ book: failed, order: undefined });
    expect(applyConfirmation(failed, confirmation({ status: "rejected", reason: "sold_out" }), 1_020).order).toMatchObject({ reason: "sold_out" });
    expect(applyConfirmation(soldOut, confirmation(), 1_020)).toEqual({ book: soldOut, order: undefined });
    expect(applyConfirmation(confirmed, confirmation({ status: "rejected", reason: "processing_failed" }), 1_020)).toEqual({
      book: confirmed,
      order: undefined,
    });
  });

  it("a given-up status the buyer was told of stays known while reconnects send the order again, so a repeat is recognised; Try again forgets it", () => {
    const id = newOrder().orderId;
    /** The connection drops and comes back: the order is queued, then sent again at `at`. */
    const resent = (book: OrderBook, at: number): OrderBook => markPublished(requeueOutstanding(book).book, id, at);
    const timedOut = markTold(timeOutOrders(bookWith(newOrder({ publishedAt: 0 })), 15_000, 15_000).book, id);

    const timedOutAgain = timeOutOrders(resent(timedOut, 20_000), 35_000, 15_000).book;
    const busy = markBusy(resent(timedOutAgain, 40_000), 45_000, 5_000, 45_000).book;
    const busyAgain = markBusy(resent(markTold(busy, id), 50_000), 55_000, 5_000, 55_000).book;
    const retried = markBusy(markPublished(retryOrder(busyAgain, id, "2026-07-15T08:00:00.000Z"), id, 60_000), 65_000, 5_000, 65_000).book;

    expect([timedOutAgain, busy, busyAgain, retried].map((book) => book.orders.map(wasTold))).toEqual([[true], [false], [true], [false]]);
    expect(busyAgain.orders[0]).toMatchObject({ status: "busy", told: ["timed-out", "busy"] });
    expect(retried.orders[0]).toMatchObject({ status: "busy", told: undefined });
    expect(markTold(timedOutAgain, id)).toBe(timedOutAgain);
  });

  it("when an answer names an unknown order, repeats itself or contradicts the first, nothing changes", () => {
    const book = applyConfirmation(bookWith(newOrder()), confirmation(), 1_010).book;

    expect(applyConfirmation(book, confirmation({ orderId: "other" }), 1_020)).toEqual({ book, order: undefined });
    expect(applyConfirmation(book, confirmation(), 1_020)).toEqual({ book, order: undefined });
    // Nor does a contrary answer to an order already answered: the first outcome stands.
    expect(applyConfirmation(book, confirmation({ status: "rejected" }), 1_020)).toEqual({ book, order: undefined });
  });

  it("when no answer comes within the timeout, orders awaiting their answer time out and answered ones stay", () => {
    let book = bookWith(newOrder({ orderId: "old", publishedAt: 0 }), newOrder({ orderId: "answered", publishedAt: 0 }));
    book = applyConfirmation(book, confirmation({ orderId: "answered" }), 10).book;
    book = published(book, newOrder({ orderId: "young", publishedAt: 10_000 }));

    const { book: next, timedOut } = timeOutOrders(book, 15_000, 15_000);

    expect(timedOut.map((order) => order.orderId)).toEqual(["old"]);
    expect(next.orders.map((order) => order.status)).toEqual(["sending", "confirmed", "timed-out"]);
  });

  it("when nothing is due, timing out returns the same book", () => {
    const book = bookWith(newOrder({ publishedAt: 10_000 }));

    expect(timeOutOrders(book, 15_000, 15_000).book).toBe(book);
  });

  it("when a late answer reaches a timed-out order, the answer wins", () => {
    const book = timeOutOrders(bookWith(newOrder({ publishedAt: 0 })), 15_000, 15_000).book;

    const { order } = applyConfirmation(book, confirmation(), 16_000);

    expect(order?.status).toBe("confirmed");
  });

  it("when no receipt comes in time, sending orders are busy, settled and still outstanding; accepted ones stay", () => {
    let book = bookWith(newOrder({ orderId: "refused", publishedAt: 0 }), newOrder({ orderId: "taken", publishedAt: 0 }));
    book = markAccepted(book, "taken", 5);
    book = published(book, newOrder({ orderId: "young", publishedAt: 4_000 }));

    const { book: next, busy } = markBusy(book, 5_000, 5_000, 5_000);

    expect(busy.map((order) => order.orderId)).toEqual(["refused"]);
    expect(next.orders.map((order) => order.status)).toEqual(["sending", "accepted", "busy"]);
    expect(busy[0]).toMatchObject({ settledAt: 5_000 });
    expect(busy.every(isOutstanding)).toBe(true);
    expect(orderStats(next)).toMatchObject({ busy: 1, inFlight: 2, timedOut: 0 });
  });

  it("when nothing is sending long enough, marking busy returns the same book", () => {
    const book = bookWith(newOrder({ publishedAt: 1_000 }));

    expect(markBusy(book, 5_999, 5_000, 5_999).book).toBe(book);
  });

  it("when the buyer retries a busy order, it is queued again with the same orderId; other orders are left alone", () => {
    let book = bookWith(newOrder({ orderId: "busy", publishedAt: 0 }), newOrder({ orderId: "accepted", publishedAt: 0 }));
    book = markBusy(markAccepted(book, "accepted", 5), 5_000, 5_000, 5_000).book;

    const next = retryOrder(book, "busy", "2026-07-15T08:00:00.000Z");

    expect(next.orders.map((order) => [order.orderId, order.status])).toEqual([
      ["accepted", "accepted"],
      ["busy", "queued"],
    ]);
    expect(next.orders[1]).toMatchObject({ settledAt: undefined, askedAt: "2026-07-15T08:00:00.000Z" });
    expect(retryOrder(next, "accepted", "2026-07-15T08:00:00.000Z")).toBe(next);
  });

  it("an order is published from its first SEND, without waiting for a receipt, and stays published when the connection drops before one comes", () => {
    const book = addOrder(addOrder(emptyOrderBook(), queued(newOrder({ orderId: "clicked-offline" }))), queued(newOrder({ orderId: "sent-no-receipt" })));

    const sent = markPublished(book, "sent-no-receipt", 1_000);
    const requeued = requeueOutstanding(sent).book;

    expect(book.orders.map((order) => order.published)).toEqual([false, false]);
    expect(requeued.orders.map((order) => [order.orderId, order.status, order.published, order.acceptedAt])).toEqual([
      ["sent-no-receipt", "queued", true, undefined],
      ["clicked-offline", "queued", false, undefined],
    ]);
  });

  it("a receipt, or an order the buyer asks for again, leaves it published", () => {
    let book = bookWith(newOrder({ orderId: "busy", publishedAt: 0 }));
    book = markBusy(book, 5_000, 5_000, 5_000).book;

    const retried = retryOrder(book, "busy", "2026-07-15T08:00:00.000Z");
    const accepted = markAccepted(markPublished(retried, "busy", 6_000), "busy", 6_005);

    expect(retried.orders[0]).toMatchObject({ status: "queued", published: true });
    expect(accepted.orders[0]).toMatchObject({ status: "accepted", published: true });
  });

  it("when a late receipt reaches a busy order, the broker took it after all: it is accepted", () => {
    const book = markBusy(bookWith(newOrder({ publishedAt: 0 })), 5_000, 5_000, 5_000).book;

    const next = markAccepted(book, newOrder().orderId, 6_000);

    expect(next.orders[0]).toMatchObject({ status: "accepted", acceptedAt: 6_000, settledAt: undefined });
  });

  it("the next receipt deadline is the oldest sending order's; accepted orders wait for no receipt", () => {
    let book = bookWith(newOrder({ orderId: "a", publishedAt: 500 }), newOrder({ orderId: "b", publishedAt: 900 }));
    book = markAccepted(book, "a", 510);

    expect(nextReceiptDeadline(book, 5_000, 1_000, 1_000)).toEqual({ at: 5_900, awaitingBroker: false });
    expect(nextReceiptDeadline(markAccepted(book, "b", 910), 5_000, 1_000, 1_000)).toEqual({ at: undefined, awaitingBroker: false });
  });

  it("with several orders awaiting their receipt, the next receipt deadline is the oldest one's, whichever the book lists first", () => {
    const book = bookWith(newOrder({ orderId: "older", publishedAt: 500 }), newOrder({ orderId: "newer", publishedAt: 900 }));

    const deadline = nextReceiptDeadline(book, 5_000, 1_000, 1_000);

    expect(deadline).toEqual({ at: 5_500, awaitingBroker: false });
  });

  it("when the broker has been silent since a SEND, its overdue order stays sending; the next frame from the broker makes it busy", () => {
    // Sent at 1,000; the broker's last frame came at 900, and nothing since: the network may be dead, not the queue full.
    const book = bookWith(newOrder({ orderId: "unheard", publishedAt: 1_000 }));

    expect(markBusy(book, 7_000, 5_000, 900).book).toBe(book);
    expect(nextReceiptDeadline(book, 5_000, 7_000, 900)).toEqual({ at: undefined, awaitingBroker: true });
    // From the deadline itself on: a deadline of now would fire its timer again at once, until the clock moved.
    expect(nextReceiptDeadline(book, 5_000, 6_000, 900)).toEqual({ at: undefined, awaitingBroker: true });
    expect(markBusy(book, 7_500, 5_000, 7_500).busy.map((order) => order.orderId)).toEqual(["unheard"]);
    expect(nextReceiptDeadline(book, 5_000, 7_500, 7_500)).toEqual({ at: 6_000, awaitingBroker: false });
  });

  it("an order that timed out before its receipt while the broker was silent turns busy once the broker is heard; one whose receipt came stays timed out", () => {
    // Both sent at 1,000 into a stall: the broker's last frame came at 900. Both time out at 16,000.
    let book = timeOutOrders(bookWith(newOrder({ orderId: "refused" }), newOrder({ orderId: "taken" })), 16_000, 15_000).book;
    book = markAccepted(book, "taken", 16_500);
    expect(book.orders.map((order) => [order.orderId, order.status, order.acceptedAt])).toEqual([
      ["taken", "timed-out", 16_500],
      ["refused", "timed-out", undefined],
    ]);

    // Still silent: nothing to tell yet, but the broker's next frame decides.
    expect(markBusy(book, 16_000, 5_000, 900).book).toBe(book);
    expect(nextReceiptDeadline(book, 5_000, 16_000, 900)).toEqual({ at: undefined, awaitingBroker: true });
    const { book: next, busy } = markBusy(book, 17_000, 5_000, 17_000);

    expect(busy.map((order) => order.orderId)).toEqual(["refused"]);
    expect(next.orders.map((order) => order.status)).toEqual(["timed-out", "busy"]);
    expect(busy.every(isRetryable)).toBe(true);
  });

  it("an answer of processing_failed may be tried again, and the order is queued with the same orderId; no other answer may", () => {
    const answered = (reason?: "processing_failed" | "sold_out") =>
      applyConfirmation(bookWith(newOrder()), confirmation(reason ? { status: "rejected", reason } : {}), 1_010).book;
    const failed = answered("processing_failed");

    expect([failed, answered("sold_out"), answered()].map((book) => book.orders.every(isRetryable))).toEqual([true, false, false]);
    const retried = retryOrder(failed, newOrder().orderId, "2026-07-15T08:00:00.000Z");
    expect(retried.orders[0]).toMatchObject({
      orderId: newOrder().orderId,
      status: "queued",
      reason: undefined,
      settledAt: undefined,
      published: true,
      askedAt: "2026-07-15T08:00:00.000Z",
    });
    expect(retryOrder(answered("sold_out"), newOrder().orderId, "2026-07-15T08:00:00.000Z").orders[0]?.status).toBe("rejected");
  });

  it("an order sent again awaits the receipt of its new SEND: the earlier receipt neither times it nor keeps it from turning busy after a stall", () => {
    const accepted = markAccepted(bookWith(newOrder()), newOrder().orderId, 1_010);
    const failed = applyConfirmation(accepted, confirmation({ status: "rejected", reason: "processing_failed" }), 1_020).book;
    const retried = retryOrder(failed, newOrder().orderId, "2026-07-15T08:00:00.000Z");

    const [queuedAgain] = retried.orders;
    expect(queuedAgain).toBeDefined();
    expect(queuedAgain && timeToAccept(queuedAgain)).toBeUndefined();
    const resent = markPublished(retried, newOrder().orderId, 50_000);
    const [sentAgain] = resent.orders;
    expect(sentAgain).toBeDefined();
    expect(sentAgain && timeToAccept(sentAgain)).toBeUndefined();
    // The network stalls past the answer timeout; then the broker speaks, without the new SEND's receipt.
    const stalled = timeOutOrders(resent, 65_000, 15_000).book;
    expect(stalled.orders[0]?.status).toBe("timed-out");
    expect(markBusy(stalled, 66_000, 5_000, 66_000).busy.map(({ orderId }) => orderId)).toEqual([newOrder().orderId]);
  });

  it("the next answer deadline is that of the oldest order awaiting its answer, and none when no order is", () => {
    const book = bookWith(newOrder({ orderId: "a", publishedAt: 500 }), newOrder({ orderId: "b", publishedAt: 900 }));

    expect(nextAnswerDeadline(book, 15_000)).toBe(15_500);
    expect(nextAnswerDeadline(emptyOrderBook(), 15_000)).toBeUndefined();
  });

  it("beyond the limit, the oldest answered orders are forgotten but outstanding ones are kept", () => {
    let book = bookWith(newOrder({ orderId: "timed-out", publishedAt: 0 }), newOrder({ orderId: "in-flight" }), newOrder({ orderId: "settled" }));
    book = applyConfirmation(book, confirmation({ orderId: "settled" }), 1_010).book;
    book = timeOutOrders(book, 15_000, 15_000).book;
    book = published(book, newOrder({ orderId: "fresh", publishedAt: 15_000 }));

    const next = addOrder(book, queued(newOrder({ orderId: "new" })), 3);

    expect(next.orders.map((order) => order.orderId)).toEqual(["new", "fresh", "in-flight", "timed-out"]);
  });

  it("beyond the limit, an order answered processing_failed and one never sent and expired are kept: each waits for its button, and the first's later answer must still find it", () => {
    let book = bookWith(newOrder({ orderId: "unprocessed" }), newOrder({ orderId: "settled" }));
    book = applyConfirmation(book, confirmation({ orderId: "unprocessed", status: "rejected", reason: "processing_failed" }), 1_010).book;
    book = applyConfirmation(book, confirmation({ orderId: "settled" }), 1_010).book;
    // Clicked offline two days ago, never sent.
    book = addOrder(book, queued(newOrder({ orderId: "expired", placedAt: "2026-07-12T19:00:00.000Z" })));
    book = markExpired(book, Date.parse("2026-07-14T19:00:00.000Z")).book;

    const next = addOrder(book, queued(newOrder({ orderId: "new" })), 3);

    expect(next.orders.map((order) => order.orderId)).toEqual(["new", "expired", "unprocessed"]);
    expect(applyConfirmation(next, confirmation({ orderId: "unprocessed" }), 2_000).order?.status).toBe("confirmed");
  });

  it("with exactly the limit of orders, none is forgotten; one more forgets exactly one, the oldest answered", () => {
    const answered = (...orderIds: string[]): OrderBook =>
      orderIds.reduce((book, orderId) => applyConfirmation(book, confirmation({ orderId }), 1_010).book, bookWith(...orderIds.map((orderId) => newOrder({ orderId }))));
    const full = answered("first", "second", "third");
    const oneShort = answered("first", "second");

    const overLimit = addOrder(full, queued(newOrder({ orderId: "new" })), 3);
    const atLimit = addOrder(oneShort, queued(newOrder({ orderId: "new" })), 3);

    expect(overLimit.orders.map((order) => order.orderId)).toEqual(["new", "third", "second"]);
    expect(atLimit.orders.map((order) => order.orderId)).toEqual(["new", "second", "first"]);
  });

  it("stats count orders by outcome and give the median and 95th percentile time to answer, rejections included", () => {
    let book = emptyOrderBook();
    for (let i = 1; i <= 20; i++) {
      book = published(book, newOrder({ orderId: `o${i}`, publishedAt: 0 }));
      book = applyConfirmation(book, confirmation({ orderId: `o${i}` }), i * 10).book;
    }
    book = published(book, newOrder({ orderId: "rejected", quantity: 100, publishedAt: 0 }));
    book = applyConfirmation(book, confirmation({ orderId: "rejected", status: "rejected", reason: "sold_out" }), 5).book;
    book = published(book, newOrder({ orderId: "waiting", publishedAt: 0 }));
    book = addOrder(book, queued(newOrder({ orderId: "queued" })));

    const stats = orderStats(book);

    expect(stats).toEqual({
      inFlight: 2,
      confirmed: 20,
      rejected: 1,
      timedOut: 0,
      busy: 0,
      expired: 0,
      medianMs: 100,
      p95Ms: 190,
    });
  });

  it("stats give nearest-rank percentiles: of answers in 1 to 12 ms, the median is 6 ms and the 95th percentile 12 ms", () => {
    let book = emptyOrderBook();
    for (let ms = 1; ms <= 12; ms++) {
      book = published(book, newOrder({ orderId: `o${ms}`, publishedAt: 0 }));
      book = applyConfirmation(book, confirmation({ orderId: `o${ms}` }), ms).book;
    }

    const stats = orderStats(book);

    expect(stats).toMatchObject({ confirmed: 12, medianMs: 6, p95Ms: 12 });
  });

  it("stats of an empty book have no times", () => {
    expect(orderStats(emptyOrderBook())).toMatchObject({ inFlight: 0, medianMs: undefined, p95Ms: undefined });
  });
});
