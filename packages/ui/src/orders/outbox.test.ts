import type { Purchase } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { NewOrder, OrderBook } from "./order-book.js";
import { addOrder, applyConfirmation, emptyOrderBook, markPublished } from "./order-book.js";
import type { OutboxEntry } from "./outbox.js";
import { oldestFirst, ordersToSend, parseOutboxEntry, parseOutboxList, purchaseOf, restoreOutbox, serializeOutboxEntry } from "./outbox.js";

function orderId(n: number): string {
  return `9f1c2b0e-1111-4a4a-8b8b-${String(n).padStart(12, "0")}`;
}

function newOrder(n: number, overrides: Partial<NewOrder> = {}): NewOrder {
  return { orderId: orderId(n), quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", publishedAt: 1_000, rush: false, ...overrides };
}

function entry(n: number, overrides: Partial<Purchase> = {}, rush = false): OutboxEntry {
  return { purchase: { orderId: orderId(n), country: "fr", quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", ...overrides }, rush };
}

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

  it("kept orders come back queued, oldest first, and orders the book already has are not doubled", () => {
    const book = bookOf(newOrder(1));

    const restored = restoreOutbox(book, [entry(1), entry(2, { quantity: 100 }), entry(3, {}, true), entry(2)], 5_000);

    expect(restored.orders.map((order) => [order.orderId, order.status, order.quantity, order.rush])).toEqual([
      [orderId(3), "queued", 10, true],
      [orderId(2), "queued", 100, false],
      [orderId(1), "queued", 10, false],
    ]);
    expect(restored.orders[0]?.publishedAt).toBe(5_000);
  });

  it("an answered order in the book is not brought back by a stale stored copy", () => {
    const answered = applyConfirmation(
      bookOf(newOrder(1)),
      { orderId: orderId(1), status: "confirmed", quantity: 10, processedAt: "2026-07-14T19:00:01.000Z" },
      2_000,
    ).book;

    expect(restoreOutbox(answered, [entry(1)], 5_000)).toBe(answered);
  });

  it("kept orders sort oldest first by click time, then by orderId", () => {
    const late = entry(1, { placedAt: "2026-07-14T19:00:02.000Z" });
    const early = entry(2, { placedAt: "2026-07-14T19:00:01.000Z" });
    const sameTimeB = entry(4, { placedAt: "2026-07-14T19:00:01.500Z" });
    const sameTimeA = entry(3, { placedAt: "2026-07-14T19:00:01.500Z" });

    expect(oldestFirst([late, sameTimeB, early, sameTimeA])).toEqual([early, sameTimeA, sameTimeB, late]);
  });

  it("a stored order reads back as it was written", () => {
    const kept = entry(2, { quantity: 100 }, true);

    expect(parseOutboxEntry(serializeOutboxEntry(kept), "fr")).toEqual(kept);
  });

  it.each([
    ["nothing stored", null],
    ["text that is not JSON", "{oops"],
    ["another country's purchase", JSON.stringify(entry(2, { country: "de" }))],
    ["a quantity the site does not sell", JSON.stringify(entry(3, { quantity: 11 as 10 }))],
    ["a rush flag that is not a boolean", JSON.stringify({ ...entry(4), rush: "yes" })],
    ["a purchase with fields the contract does not have", JSON.stringify({ purchase: { ...entry(5).purchase, price: 0 }, rush: false })],
    ["markup for an orderId", JSON.stringify(entry(6, { orderId: "<img src=x>" }))],
  ])("%s reads as no order", (_, text) => {
    expect(parseOutboxEntry(text, "fr")).toBeUndefined();
  });

  it("an outbox stored as one list, as sites once kept it, reads back its well-formed orders", () => {
    const good = [entry(1), entry(2, { quantity: 100 }, true)];
    const text = JSON.stringify([...good, entry(3, { country: "de" }), null, "entry"]);

    expect(parseOutboxList(text, "fr")).toEqual(good);
    expect(parseOutboxList('{"purchase":{}}', "fr")).toEqual([]);
    expect(parseOutboxList("{oops", "fr")).toEqual([]);
  });
});
