import type { Purchase } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { NewOrder, OrderBook } from "./order-book.js";
import { addOrder, applyConfirmation, emptyOrderBook, markPublished } from "./order-book.js";
import type { OutboxEntry } from "./outbox.js";
import { ordersToSend, outboxEntryOf, parseOutbox, purchaseOf, restoreOutbox, serializeOutbox, updateOutbox } from "./outbox.js";

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
    expect(outboxEntryOf(order, "de")).toEqual({ purchase: purchaseOf(order, "de"), rush: true });
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

  it("updating keeps other tabs' orders, replaces a kept order in place of its old copy, and forgets answered ones", () => {
    const stored = [entry(1), entry(2), entry(3)];

    const updated = updateOutbox(stored, [entry(2, { quantity: 100 }), entry(4)], [orderId(3)]);

    expect(updated.map(({ purchase }) => [purchase.orderId, purchase.quantity])).toEqual([
      [orderId(1), 10],
      [orderId(2), 100],
      [orderId(4), 10],
    ]);
  });

  it("an order kept and forgotten in the same update is gone", () => {
    expect(updateOutbox([entry(1)], [entry(2)], [orderId(2)])).toEqual([entry(1)]);
  });

  it("a stored outbox reads back as it was written", () => {
    const entries = [entry(1), entry(2, { quantity: 100 }, true)];

    expect(parseOutbox(serializeOutbox(entries), "fr")).toEqual(entries);
  });

  it.each([
    ["nothing stored", null],
    ["text that is not JSON", "{oops"],
    ["JSON that is not a list", '{"purchase":{}}'],
  ])("%s reads as an empty outbox", (_, text) => {
    expect(parseOutbox(text, "fr")).toEqual([]);
  });

  it("stored entries that are not well-formed purchases of this site are dropped, the others kept", () => {
    const good = entry(1);
    const text = JSON.stringify([
      good,
      entry(2, { country: "de" }),
      entry(3, { quantity: 11 as 10 }),
      { ...entry(4), rush: "yes" },
      { purchase: { ...entry(5).purchase, price: 0 }, rush: false },
      entry(6, { orderId: "<img src=x>" }),
      null,
      "entry",
    ]);

    expect(parseOutbox(text, "fr")).toEqual([good]);
  });
});
