import type { Purchase } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { NewOrder, OrderBook } from "./order-book.js";
import { addOrder, applyConfirmation, emptyOrderBook, timeOutOrders, markBusy, markPublished, markTold, orderStats, retryOrder, wasTold } from "./order-book.js";
import {
  adoptStored,
  entryOf,
  isTooOldToSend,
  lastAskedAt,
  markExpired,
  nextTooOldAt,
  ordersToSend,
  outlivedParkedEntries,
  OUTBOX_MAX_AGE_MS,
  purchaseOf,
  restoreOutbox,
  PARKED_RETENTION_MS,
} from "./outbox.js";
import type { OutboxEntry } from "./outbox-entry.js";
import { parseOutboxEntry, serializeOutboxEntry } from "./outbox-entry.js";

function orderId(n: number): string {
  return `9f1c2b0e-1111-4a4a-8b8b-${String(n).padStart(12, "0")}`;
}

function newOrder(n: number, overrides: Partial<NewOrder> = {}): NewOrder {
  return { orderId: orderId(n), quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", rush: false, ...overrides };
}

function entry(n: number, overrides: Partial<Purchase> = {}, rush = false, published = false): OutboxEntry {
  return { purchase: { orderId: orderId(n), country: "fr", quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", ...overrides }, rush, published };
}

/** The click time of `newOrder` and `entry`, on the browser's clock. */
const PLACED = Date.parse("2026-07-14T19:00:00.000Z");

function bookOf(...orders: NewOrder[]): OrderBook {
  return orders.reduce((book, order) => addOrder(book, order), emptyOrderBook());
}

describe("outbox", () => {
  it("sends queued orders oldest first, and only those", () => {
    let book = bookOf(newOrder(1), newOrder(2), newOrder(3));
    book = markPublished(book, orderId(2), 1_500);

    expect(ordersToSend(book).map((order) => order.orderId)).toEqual([orderId(1), orderId(3)]);
  });

  it("an order is sent as the same purchase every time: same orderId, country, quantity and click time", () => {
    const book = bookOf(newOrder(1, { quantity: 100, rush: true }));
    const [order] = book.orders;
    if (!order) throw new Error("no order");

    expect(purchaseOf(order, "de")).toEqual({ orderId: orderId(1), country: "de", quantity: 100, placedAt: "2026-07-14T19:00:00.000Z" });
  });

  it("kept orders come back queued, oldest first, still published if the site sent them, with the buyer's last ask, and orders the book already has are not doubled", () => {
    const book = bookOf(newOrder(1));
    const askedAt = "2026-07-20T10:00:00.000Z";

    const restored = restoreOutbox(book, [entry(1), entry(2, { quantity: 100 }, false, true), { ...entry(3, {}, true), askedAt }, entry(2)]);

    expect(restored.orders.map((order) => [order.orderId, order.status, order.quantity, order.rush, order.published, order.askedAt])).toEqual([
      [orderId(3), "queued", 10, true, false, askedAt],
      [orderId(2), "queued", 100, false, true, undefined],
      [orderId(1), "queued", 10, false, false, undefined],
    ]);
    // This page has not published them yet, whatever an earlier one did.
    expect(restored.orders.map((order) => order.publishedAt)).toEqual([undefined, undefined, undefined]);
  });

  it("an answered order in the book is not brought back by a stale stored copy", () => {
    const answered = applyConfirmation(
      bookOf(newOrder(1)),
      { orderId: orderId(1), status: "confirmed", quantity: 10, processedAt: "2026-07-14T19:00:01.000Z" },
      2_000,
    ).book;

    expect(restoreOutbox(answered, [entry(1)])).toBe(answered);
  });

  it("what the buyer was told of an order is kept with it, and a reload restores it, so a repeat after the reload is not told again", () => {
    const sent = markPublished(bookOf(newOrder(1)), orderId(1), 1_000);
    const [told] = markTold(timeOutOrders(sent, 16_000, 15_000).book, orderId(1)).orders;
    if (!told) throw new Error("no order");

    const stored = parseOutboxEntry(serializeOutboxEntry(entryOf(told, "fr")), "fr");
    const reloaded = restoreOutbox(emptyOrderBook(), stored ? [stored] : []);
    const timedOutAgain = timeOutOrders(markPublished(reloaded, orderId(1), 1_000), 16_000, 15_000).book;

    expect(stored).toEqual({ ...entry(1, {}, false, true), told: ["timed-out"] });
    expect(timedOutAgain.orders.map(wasTold)).toEqual([true]);
  });

  it("an expired order is kept as a tombstone that reads back as one, and Send anyway stores it afresh", () => {
    const [expired] = markExpired(bookOf(newOrder(1)), PLACED + 2 * OUTBOX_MAX_AGE_MS).book.orders;
    if (!expired) throw new Error("no order");
    const tombstone = entryOf(expired, "fr");
    const [again] = retryOrder(bookOf(expired), orderId(1), "2026-07-20T10:00:00.000Z").orders;
    if (!again) throw new Error("no order");

    expect(tombstone).toEqual({ ...entry(1), expired: true });
    expect(parseOutboxEntry(serializeOutboxEntry(tombstone), "fr")).toEqual(tombstone);
    expect(entryOf(again, "fr")).not.toHaveProperty("expired");
  });

  it("tombstones are not restored: the page never shows, nor sends, an expired order it loads", () => {
    const restored = restoreOutbox(emptyOrderBook(), [entry(1), { ...entry(2), expired: true }]);

    expect(restored.orders.map((order) => order.orderId)).toEqual([orderId(1)]);
  });

  it("a parked entry (tombstone or unprocessed) outlives its retention only by a millisecond before it is dropped; live entries are never dropped", () => {
    const tombstone: OutboxEntry = { ...entry(1), expired: true };
    const askedLater: OutboxEntry = { ...entry(2), expired: true, askedAt: new Date(PLACED + 1_000).toISOString() };
    const live = entry(3, {}, false, true);
    const unprocessed: OutboxEntry = { ...entry(4, {}, false, true), unprocessed: true };
    const entries = [tombstone, askedLater, live, unprocessed];

    expect(outlivedParkedEntries(entries, PLACED + PARKED_RETENTION_MS)).toEqual([]);
    expect(outlivedParkedEntries(entries, PLACED + PARKED_RETENTION_MS + 1)).toEqual([orderId(1), orderId(4)]);
    expect(outlivedParkedEntries(entries, PLACED + 10 * PARKED_RETENTION_MS)).toEqual([orderId(1), orderId(2), orderId(4)]);
  });

  it("an order answered processing_failed is kept as unprocessed, reads back as such, and comes back rejected with its Try again; Try again keeps it as owed", () => {
    const sent = markPublished(bookOf(newOrder(1)), orderId(1), 0);
    const failed = applyConfirmation(sent, { orderId: orderId(1), status: "rejected", reason: "processing_failed", quantity: 10, processedAt: "2026-07-14T19:00:01.000Z" }, 5).book;
    const [order] = failed.orders;
    if (!order) throw new Error("no order");
    const stored = entryOf(order, "fr");
    const restored = restoreOutbox(emptyOrderBook(), [stored]);
    const [again] = retryOrder(restored, orderId(1), "2026-07-20T10:00:00.000Z").orders;
    if (!again) throw new Error("no order");

    expect(stored).toEqual({ ...entry(1, {}, false, true), unprocessed: true });
    expect(parseOutboxEntry(serializeOutboxEntry(stored), "fr")).toEqual(stored);
    expect(restored.orders).toMatchObject([{ orderId: orderId(1), status: "rejected", reason: "processing_failed", published: true }]);
    expect(ordersToSend(restored)).toEqual([]);
    expect(entryOf(again, "fr")).toEqual({ ...entry(1, {}, false, true), askedAt: "2026-07-20T10:00:00.000Z" });
  });

  it("an order is kept as not published until its first SEND, then as published, receipt or not; Send anyway's ask is kept with it", () => {
    const queued = bookOf(newOrder(1));
    const sentNoReceipt = markPublished(queued, orderId(1), 1_000);
    const askedAt = "2026-07-20T10:00:00.000Z";
    const sentAnyway = retryOrder(markExpired(queued, PLACED + 2 * OUTBOX_MAX_AGE_MS).book, orderId(1), askedAt);
    const [clicked] = queued.orders;
    const [sending] = sentNoReceipt.orders;
    const [again] = sentAnyway.orders;
    if (!clicked || !sending || !again) throw new Error("no order");

    expect(entryOf(clicked, "fr")).toEqual(entry(1));
    expect(entryOf(sending, "fr")).toEqual(entry(1, {}, false, true));
    expect(entryOf(again, "fr")).toEqual({ ...entry(1), askedAt });
  });

  it("an order the site never published may be sent unasked until a day after the click, not a millisecond longer", () => {
    const order = { placedAt: "2026-07-14T19:00:00.000Z", published: false };

    expect(OUTBOX_MAX_AGE_MS).toBe(24 * 60 * 60 * 1000);
    expect(isTooOldToSend(order, PLACED + OUTBOX_MAX_AGE_MS)).toBe(false);
    expect(isTooOldToSend(order, PLACED + OUTBOX_MAX_AGE_MS + 1)).toBe(true);
  });

  it("an order the site published is never too old to send, even a week on without a receipt: the broker may have it", () => {
    expect(isTooOldToSend({ placedAt: "2026-07-14T19:00:00.000Z", published: true }, PLACED + 7 * OUTBOX_MAX_AGE_MS)).toBe(false);
  });

  it("the buyer last asked for an order with their Send anyway, or else with the click", () => {
    const askedAt = "2026-07-20T10:00:00.000Z";

    expect(lastAskedAt({ placedAt: "2026-07-14T19:00:00.000Z" })).toBe(PLACED);
    expect(lastAskedAt({ placedAt: "2026-07-14T19:00:00.000Z", askedAt })).toBe(Date.parse(askedAt));
  });

  it("when the buyer asked again (Send anyway), the day counts from then, not from the click", () => {
    const askedAt = "2026-07-20T10:00:00.000Z";
    const order = { placedAt: "2026-07-14T19:00:00.000Z", askedAt, published: false };

    expect(isTooOldToSend(order, Date.parse(askedAt) + OUTBOX_MAX_AGE_MS)).toBe(false);
    expect(isTooOldToSend(order, Date.parse(askedAt) + OUTBOX_MAX_AGE_MS + 1)).toBe(true);
  });

  it("queued orders the site never published expire after a day and are no longer sent; published, younger and unqueued ones stay", () => {
    let book = bookOf(newOrder(1), newOrder(2, { published: true }), newOrder(3, { placedAt: "2026-07-14T19:00:00.001Z" }), newOrder(4));
    book = markBusy(markPublished(book, orderId(4), 1_000), 6_000, 5_000, 6_000).book;

    const { book: next, expired } = markExpired(book, PLACED + OUTBOX_MAX_AGE_MS + 1);

    expect(next.orders.map((order) => [order.orderId, order.status])).toEqual([
      [orderId(4), "busy"],
      [orderId(3), "queued"],
      [orderId(2), "queued"],
      [orderId(1), "expired"],
    ]);
    expect(expired.map((order) => order.orderId)).toEqual([orderId(1)]);
    expect(ordersToSend(next).map((order) => order.orderId)).toEqual([orderId(2), orderId(3)]);
    expect(orderStats(next)).toMatchObject({ expired: 1, timedOut: 0, busy: 1, inFlight: 2 });
  });

  it("when no queued order is too old, marking expired returns the same book", () => {
    const book = bookOf(newOrder(1));

    expect(markExpired(book, PLACED + OUTBOX_MAX_AGE_MS).book).toBe(book);
  });

  it("an order that already expired is not reported again: a second look later finds none, and returns the same book", () => {
    const first = markExpired(bookOf(newOrder(1)), PLACED + OUTBOX_MAX_AGE_MS + 1);
    expect(first.expired).toHaveLength(1);
    const expiredBook = first.book;

    const again = markExpired(expiredBook, PLACED + 2 * OUTBOX_MAX_AGE_MS);

    expect(again.expired).toEqual([]);
    expect(again.book).toBe(expiredBook);
  });

  it("an expired order sent anyway is queued with the same orderId, and its day counts from the buyer's new ask", () => {
    const expiredBook = markExpired(bookOf(newOrder(1)), PLACED + 2 * OUTBOX_MAX_AGE_MS).book;
    const askedAt = new Date(PLACED + 2 * OUTBOX_MAX_AGE_MS).toISOString();

    const retried = retryOrder(expiredBook, orderId(1), askedAt);

    expect(retried.orders[0]).toMatchObject({ orderId: orderId(1), status: "queued", askedAt });
    expect(markExpired(retried, PLACED + 2 * OUTBOX_MAX_AGE_MS + 1).book).toBe(retried);
  });

  it("the next never-sent order turns too old a day and a millisecond after its click; a click time Date.parse cannot read is left out", () => {
    const book = markPublished(bookOf(newOrder(1), newOrder(2, { placedAt: "2026-07-14T20:00:00.000Z" }), newOrder(3, { placedAt: "2026-07-14T18:00:00+01" })), orderId(1), 1_000);

    expect(nextTooOldAt(book)).toBe(Date.parse("2026-07-14T20:00:00.000Z") + OUTBOX_MAX_AGE_MS + 1);
    expect(nextTooOldAt(bookOf(newOrder(3, { placedAt: "2026-07-14T18:00:00+01" })))).toBeUndefined();
  });

  it("of several never-sent orders, the earliest click sets when the next one turns too old, whatever their order in the book", () => {
    const earlier = newOrder(1, { placedAt: "2026-07-14T18:00:00.000Z" });
    const later = newOrder(2, { placedAt: "2026-07-14T20:00:00.000Z" });
    const expected = Date.parse("2026-07-14T18:00:00.000Z") + OUTBOX_MAX_AGE_MS + 1;

    expect(nextTooOldAt(bookOf(earlier, later))).toBe(expected);
    expect(nextTooOldAt(bookOf(later, earlier))).toBe(expected);
  });

  describe("what another tab stored, for orders about to expire", () => {
    const LATE = PLACED + OUTBOX_MAX_AGE_MS + 1;

    it("an order another tab has since published is published here too, and does not expire", () => {
      const book = bookOf(newOrder(1));

      const adopted = adoptStored(book, [entry(1, {}, false, true)], LATE);

      expect(adopted.orders[0]).toMatchObject({ status: "queued", published: true });
      expect(markExpired(adopted, LATE).expired).toEqual([]);
    });

    it("an order another tab was asked to send anyway counts its day from that ask, and does not expire", () => {
      const book = bookOf(newOrder(1));
      const askedAt = new Date(LATE - 1_000).toISOString();

      const adopted = adoptStored(book, [{ ...entry(1), askedAt }], LATE);

      expect(adopted.orders[0]).toMatchObject({ status: "queued", published: false, askedAt });
      expect(markExpired(adopted, LATE).expired).toEqual([]);
    });

    it("an order no longer stored (another tab learned its outcome) reads as published, and is resent rather than expired", () => {
      const book = bookOf(newOrder(1));

      const adopted = adoptStored(book, [], LATE);

      expect(adopted.orders[0]).toMatchObject({ status: "queued", published: true });
      expect(ordersToSend(markExpired(adopted, LATE).book).map((order) => order.orderId)).toEqual([orderId(1)]);
    });

    it("an order stored as never published, with no later ask than this tab's, is left as it is and expires", () => {
      const book = bookOf(newOrder(1, { askedAt: "2026-07-14T19:00:00.000Z" }));

      const adopted = adoptStored(book, [{ ...entry(1), askedAt: "2026-07-14T18:00:00.000Z" }, entry(2, {}, false, true)], LATE);

      expect(adopted).toBe(book);
      expect(markExpired(adopted, LATE).expired.map((order) => order.orderId)).toEqual([orderId(1)]);
    });

    it("an order another tab expired stays unpublished, and expires here too", () => {
      const book = bookOf(newOrder(1));

      const adopted = adoptStored(book, [{ ...entry(1), expired: true }], LATE);

      expect(adopted).toBe(book);
      expect(markExpired(adopted, LATE).expired.map((order) => order.orderId)).toEqual([orderId(1)]);
    });

    it("orders that are not about to expire are left as they are, whatever storage says", () => {
      let book = bookOf(newOrder(1), newOrder(2, { placedAt: new Date(LATE).toISOString() }));
      book = markPublished(book, orderId(1), 1_000);

      expect(adoptStored(book, [], LATE)).toBe(book);
    });
  });
});
