import { describe, expect, it, vi } from "vitest";
import type { Confirmation, RejectionReason } from "@repo/contract";
import type { Order, OrderBook } from "../orders/order-book.js";
import { addOrder, applyConfirmation, emptyOrderBook, isRetryable, markPublished, timeOutOrders } from "../orders/order-book.js";
import type { OutboxEntry } from "../orders/outbox-entry.js";
import { ordersToSend } from "../orders/outbox.js";
import type { OutboxStorage } from "../orders/outbox-storage.js";
import { memoryOutboxStorage } from "../orders/outbox-storage.js";
import { OutboxKeeper } from "./outbox-keeper.js";

/** The browser's clock in these tests: a day in 2026. */
const NOW = Date.parse("2026-07-20T12:00:00.000Z");
const DAY_MS = 24 * 60 * 60 * 1000;

function orderId(n: number): string {
  return `9f1c2b0e-3333-4a4a-8b8b-${String(n).padStart(12, "0")}`;
}

/** An order an earlier page load (or another tab) kept; `published` when that page had sent it. */
function kept(n: number, placedAt: number, published: boolean): OutboxEntry {
  return { purchase: { orderId: orderId(n), country: "fr", quantity: 10, placedAt: new Date(placedAt).toISOString() }, rush: false, published };
}

/** A book holding order `n`, clicked at `placedAt`, queued and never sent. */
function clicked(n: number, placedAt: number, book: OrderBook = emptyOrderBook()): OrderBook {
  return addOrder(book, { orderId: orderId(n), quantity: 10, placedAt: new Date(placedAt).toISOString(), rush: false });
}

/** Order `n` of `book` as the consumer answered it; rejected with `reason` when one is given. */
function answered(book: OrderBook, n: number, reason?: RejectionReason): Order {
  const sent = markPublished(book, orderId(n), 0);
  const answer = { orderId: orderId(n), quantity: 10, processedAt: new Date(NOW).toISOString() };
  const confirmation: Confirmation = reason ? { ...answer, status: "rejected", reason } : { ...answer, status: "confirmed", remaining: 4_990 };
  const { order } = applyConfirmation(sent, confirmation, 10);
  if (!order) throw new Error(`order ${String(n)} took no answer`);
  return order;
}

function confirmed(book: OrderBook, n: number): Order {
  return answered(book, n);
}

function orderIn(book: OrderBook, n: number): Order {
  const order = book.orders.find((candidate) => candidate.orderId === orderId(n));
  if (!order) throw new Error(`no order ${String(n)}`);
  return order;
}

/** Storage that refuses every write while `refusing` is set, as a full quota does. */
function refusingStorage(): { storage: OutboxStorage; refusing: { now: boolean } } {
  const memory = memoryOutboxStorage();
  const refusing = { now: true };
  return { storage: { ...memory, keep: (entries) => !refusing.now && memory.keep(entries) }, refusing };
}

describe("outbox keeper", () => {
  it("an expired order stays a tombstone in storage, which a reload neither shows nor tells again, until 30 days after the ask", () => {
    const stale = kept(1, NOW - DAY_MS - 1, false);
    const storage = memoryOutboxStorage([stale]);
    const first = new OutboxKeeper(storage, "fr");
    const { expired } = first.expireStale(first.restore(emptyOrderBook(), NOW), NOW);
    expect(expired.map((order) => order.orderId)).toEqual([orderId(1)]);
    expect(storage.load()).toEqual([{ ...stale, expired: true }]);

    const reload = new OutboxKeeper(storage, "fr");
    const reloaded = reload.restore(emptyOrderBook(), NOW);
    expect(reloaded.orders).toEqual([]);
    expect(reload.expireStale(reloaded, NOW).expired).toEqual([]);

    new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW - DAY_MS - 1 + 30 * DAY_MS);
    expect(storage.load()).toHaveLength(1);
    new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW - DAY_MS + 30 * DAY_MS);
    expect(storage.load()).toEqual([]);
  });

  it("an order the consumer could not process stays in storage, and a reload shows it with its Try again, never sending it; a final answer forgets it", () => {
    const storage = memoryOutboxStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(2, NOW, clicked(1, NOW));
    keeper.keep(orderIn(book, 1));
    keeper.keep(orderIn(book, 2));

    keeper.answered(answered(book, 1, "processing_failed"), NOW);
    keeper.answered(answered(book, 2, "sold_out"), NOW);
    const reloaded = new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW);

    expect(storage.load()).toEqual([{ ...kept(1, NOW, true), unprocessed: true, parkedAt: new Date(NOW).toISOString() }]);
    expect(reloaded.orders).toEqual([
      { orderId: orderId(1), quantity: 10, placedAt: new Date(NOW).toISOString(), rush: false, published: true, status: "rejected", reason: "processing_failed" },
    ]);
    expect(ordersToSend(reloaded)).toEqual([]);
    expect(reloaded.orders.map(isRetryable)).toEqual([true]);
    keeper.answered(confirmed(book, 1), NOW);
    expect(storage.load()).toEqual([]);
  });

  it("an unprocessed order another tab learned the final answer of, and forgot, does not come back", () => {
    const storage = memoryOutboxStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(1, NOW);
    keeper.keep(orderIn(book, 1));
    storage.forget([orderId(1)]);

    keeper.answered(answered(book, 1, "processing_failed"), NOW);

    expect(storage.load()).toEqual([]);
  });

  it("an order answered processing_failed a month after its click keeps its Try again 30 days from that answer, not from the click", () => {
    const storage = memoryOutboxStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(1, NOW - 31 * DAY_MS);
    keeper.keep(orderIn(book, 1));

    keeper.answered(answered(book, 1, "processing_failed"), NOW);

    expect(new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW + 30 * DAY_MS).orders).toMatchObject([{ orderId: orderId(1), status: "rejected" }]);
    expect(new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW + 30 * DAY_MS + 1).orders).toEqual([]);
  });

  it("an order storage refused counts as not kept while it waits for Try again too, and is kept once storage takes it when its processing_failed answer comes", () => {
    const { storage, refusing } = refusingStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(1, NOW);
    keeper.keep(orderIn(book, 1));
    const unprocessed = answered(book, 1, "processing_failed");

    keeper.answered(unprocessed, NOW);
    expect(keeper.notKept({ orders: [unprocessed] })).toBe(true);
    refusing.now = false;
    keeper.answered(unprocessed, NOW);

    expect(keeper.notKept({ orders: [unprocessed] })).toBe(false);
    expect(storage.load()).toMatchObject([{ purchase: { orderId: orderId(1) }, unprocessed: true }]);
  });

  it("an unprocessed order storage refused still counts as not kept once storage takes another order: a reload would lose its Try again", () => {
    const { storage, refusing } = refusingStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(2, NOW, clicked(1, NOW));
    keeper.keep(orderIn(book, 1));
    const unprocessed = answered(book, 1, "processing_failed");
    keeper.answered(unprocessed, NOW);

    refusing.now = false;
    keeper.keep(orderIn(book, 2));

    expect(keeper.notKept({ orders: [unprocessed, orderIn(book, 2)] })).toBe(true);
    expect(storage.load().map((entry) => entry.purchase.orderId)).toEqual([orderId(2)]);
  });

  it("an unprocessed order stays 30 days after the buyer's last ask, then goes", () => {
    const storage = memoryOutboxStorage([{ ...kept(1, NOW, true), unprocessed: true }]);

    new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW + 30 * DAY_MS);
    expect(storage.load()).toHaveLength(1);
    const reloaded = new OutboxKeeper(storage, "fr").restore(emptyOrderBook(), NOW + 30 * DAY_MS + 1);

    expect(storage.load()).toEqual([]);
    expect(reloaded.orders).toEqual([]);
  });

  it("an order storage refused counts as not kept while it is owed, and no longer once its outcome is known and storage takes a write again", () => {
    const { storage, refusing } = refusingStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(2, NOW, clicked(1, NOW));
    expect(keeper.notKept(book)).toBe(false);

    keeper.keep(orderIn(book, 1));
    keeper.keep(orderIn(book, 2));
    expect(keeper.notKept(book)).toBe(true);
    keeper.answered(confirmed(book, 1), NOW);
    refusing.now = false;
    keeper.keep(orderIn(book, 2));

    expect(keeper.notKept(book)).toBe(false);
    expect(storage.load().map((entry) => entry.purchase.orderId)).toEqual([orderId(2)]);
  });

  it("while storage refuses writes, orders count as not kept even between an answer and the next order, so the warning does not flash at every purchase; a write it takes ends that", () => {
    const { storage, refusing } = refusingStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(2, NOW, clicked(1, NOW));
    keeper.keep(orderIn(book, 1));

    keeper.answered(confirmed(book, 1), NOW);
    const allAnswered = { orders: [confirmed(book, 1)] };
    expect(keeper.notKept(allAnswered)).toBe(true);
    refusing.now = false;
    keeper.keep(orderIn(book, 2));

    expect(keeper.notKept(book)).toBe(false);
  });

  it("a storage known to keep nothing counts as refusing from the start, before any order", () => {
    const keeper = new OutboxKeeper({ ...memoryOutboxStorage(), keepsNothing: true }, "fr");

    expect(keeper.notKept(emptyOrderBook())).toBe(true);
    expect(new OutboxKeeper(memoryOutboxStorage(), "fr").notKept(emptyOrderBook())).toBe(false);
  });

  it("storage is read again only when an order is about to expire, and what another tab stored since wins", () => {
    const sentElsewhere = kept(2, NOW - DAY_MS - 1, true);
    const storage = memoryOutboxStorage([kept(1, NOW - DAY_MS - 1, false), sentElsewhere]);
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(2, NOW - DAY_MS - 1, clicked(1, NOW - DAY_MS - 1));
    const load = vi.spyOn(storage, "load");
    expect(keeper.expireStale(book, NOW - DAY_MS).book).toBe(book);
    expect(load).not.toHaveBeenCalled();

    const { book: next, expired } = keeper.expireStale(book, NOW);

    expect(load).toHaveBeenCalledOnce();
    expect(expired.map((order) => order.orderId)).toEqual([orderId(1)]);
    expect(orderIn(next, 2)).toMatchObject({ status: "queued", published: true });
  });

  it("an order storage refused expires on this tab's word: its absence from storage is no sign another tab sent it", () => {
    const { storage } = refusingStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    const book = clicked(1, NOW - DAY_MS - 1);
    keeper.keep(orderIn(book, 1));

    const { expired } = keeper.expireStale(book, NOW);

    expect(expired.map((order) => order.orderId)).toEqual([orderId(1)]);
  });

  it("what the buyer was told of an order is written to its entry while it is kept, and brings back none another tab forgot", () => {
    const storage = memoryOutboxStorage();
    const keeper = new OutboxKeeper(storage, "fr");
    let book = markPublished(clicked(2, NOW, clicked(1, NOW)), orderId(1), 0);
    book = markPublished(book, orderId(2), 0);
    keeper.keep(orderIn(book, 1));
    keeper.keep(orderIn(book, 2));
    book = timeOutOrders(book, 15_000, 15_000).book;
    storage.forget([orderId(2)]);

    book = keeper.rememberTold(book, orderId(1));
    book = keeper.rememberTold(book, orderId(2));

    expect(book.orders.map((order) => order.told)).toEqual([["timed-out"], ["timed-out"]]);
    expect(storage.load()).toEqual([{ ...kept(1, NOW, true), told: ["timed-out"] }]);
  });
});
