import { afterEach, describe, expect, it, vi } from "vitest";
import type { AnsweredEntry } from "./answered-storage.js";
import {
  ANSWERED_KEPT,
  ANSWERED_RETENTION_MS,
  answeredEntryOf,
  answeredKeyPrefix,
  defaultAnsweredStorage,
  listAnsweredElsewhere,
  parseAnsweredEntry,
  restoreAnswered,
  webAnsweredStorage,
} from "./answered-storage.js";
import type { Order } from "./order-book.js";
import { addOrder, emptyOrderBook } from "./order-book.js";
import { MapStorage, STORAGE_REFUSALS, stubPageStorage } from "./map-storage.test-support.js";

const NOW = Date.parse("2026-07-20T12:00:00.000Z");
const PREFIX = answeredKeyPrefix("fr", "ws://127.0.0.1:15674/ws");

function orderId(n: number): string {
  return `9f1c2b0e-3333-4a4a-8b8b-${String(n).padStart(12, "0")}`;
}

/** A confirmation heard `ageMs` before NOW, for an order clicked a second before that. */
function answered(n: number, ageMs = 0): AnsweredEntry {
  return {
    orderId: orderId(n),
    quantity: 10,
    placedAt: new Date(NOW - ageMs - 1_000).toISOString(),
    rush: false,
    status: "confirmed",
    answeredAt: new Date(NOW - ageMs).toISOString(),
  };
}

function order(n: number, fields: Partial<Order>): Order {
  return { orderId: orderId(n), quantity: 10, placedAt: "2026-07-20T11:00:00.000Z", rush: false, published: true, status: "confirmed", ...fields };
}

describe("answered orders kept for a reload", () => {
  it("a confirmation and a final rejection are kept; an unprocessed order, which waits for Try again, and an unanswered one are not", () => {
    expect(answeredEntryOf(order(1, { status: "confirmed" }), NOW)).toMatchObject({ orderId: orderId(1), status: "confirmed", answeredAt: new Date(NOW).toISOString() });
    expect(answeredEntryOf(order(2, { status: "rejected", reason: "sold_out" }), NOW)).toMatchObject({ status: "rejected", reason: "sold_out" });
    expect(answeredEntryOf(order(3, { status: "rejected", reason: "processing_failed" }), NOW)).toBeUndefined();
    expect(answeredEntryOf(order(4, { status: "timed-out" }), NOW)).toBeUndefined();
  });

  it("what storage holds is read as untrusted: a malformed entry, an unprocessed one, or a reason on a confirmation reads as nothing", () => {
    const valid = answered(1);
    expect(parseAnsweredEntry(JSON.stringify(valid))).toEqual(valid);
    expect(parseAnsweredEntry("{not json")).toBeUndefined();
    expect(parseAnsweredEntry(JSON.stringify({ ...valid, quantity: 7 }))).toBeUndefined();
    expect(parseAnsweredEntry(JSON.stringify({ ...valid, status: "rejected", reason: "processing_failed" }))).toBeUndefined();
    expect(parseAnsweredEntry(JSON.stringify({ ...valid, reason: "sold_out" }))).toBeUndefined();
    expect(parseAnsweredEntry(JSON.stringify({ ...valid, answeredAt: "yesterday" }))).toBeUndefined();
  });

  it("a load keeps the newest answers within the limit and the retention, oldest first, and forgets the rest in storage, unreadable entries included", () => {
    const storage = new MapStorage();
    const kept = webAnsweredStorage(storage, PREFIX);
    for (let n = 0; n <= ANSWERED_KEPT; n++) kept.keep(answered(n, (ANSWERED_KEPT - n) * 1_000));
    kept.keep(answered(500, ANSWERED_RETENTION_MS + 1));
    storage.setItem(`${PREFIX}${orderId(600)}`, "{not json");
    storage.setItem("another.key", "left alone");

    const loaded = kept.load(NOW);

    expect(loaded.map(({ orderId: id }) => id)).toEqual(Array.from({ length: ANSWERED_KEPT }, (_, i) => orderId(i + 1)));
    expect([...storage.items.keys()].filter((key) => key.startsWith(PREFIX))).toHaveLength(ANSWERED_KEPT);
    expect(storage.getItem("another.key")).toBe("left alone");
  });

  it("a rush's answers count apart from the buyer's own: a rush of the limit's size after a purchase by hand leaves that purchase listed", () => {
    const storage = new MapStorage();
    const kept = webAnsweredStorage(storage, PREFIX);
    kept.keep(answered(0, 10_000));
    for (let n = 1; n <= ANSWERED_KEPT + 5; n++) kept.keep({ ...answered(n, ANSWERED_KEPT + 5 - n), rush: true });

    const loaded = kept.load(NOW);

    expect(loaded.filter(({ rush }) => !rush).map(({ orderId: id }) => id)).toEqual([orderId(0)]);
    expect(loaded.filter(({ rush }) => rush)).toHaveLength(ANSWERED_KEPT);
  });

  it("a page that keeps answering is trimmed as it goes, not only at its next load, so history never crowds out the outbox", () => {
    const storage = new MapStorage();
    const kept = webAnsweredStorage(storage, PREFIX);

    for (let n = 0; n < ANSWERED_KEPT * 5; n++) kept.keep(answered(n, ANSWERED_KEPT * 5 - n));

    expect(storage.length).toBeLessThanOrEqual(ANSWERED_KEPT * 2);
  });

  it("restored into a book from the outbox, answers skip the orders it holds as owed, and the book lists all by click, newest first", () => {
    const owed = { orderId: orderId(2), quantity: 10 as const, placedAt: "2026-07-20T11:00:02.000Z", rush: false };
    const book = addOrder(emptyOrderBook(), owed);
    const earlier = { ...answered(1), placedAt: "2026-07-20T11:00:01.000Z" };
    const later = { ...answered(3), placedAt: "2026-07-20T11:00:03.000Z", status: "rejected" as const, reason: "sold_out" as const };
    const alsoOwed = { ...answered(2), placedAt: owed.placedAt };

    const restored = restoreAnswered(book, [earlier, alsoOwed, later]);

    expect(restored.orders.map(({ orderId: id, status, reason }) => [id, status, reason])).toEqual([
      [orderId(3), "rejected", "sold_out"],
      [orderId(2), "queued", undefined],
      [orderId(1), "confirmed", undefined],
    ]);
  });

  it("listed in an open tab, another tab's answers to the buyer's orders go under every row clicked after them, the rows already there keep their places, and a rush's wait for the next load", () => {
    const at = (second: number) => `2026-07-20T11:00:0${String(second)}.000Z`;
    // Adopted from a closed tab after the tab's own order: listed first, though clicked before it.
    const adopted = { orderId: orderId(1), quantity: 10 as const, placedAt: at(1), rush: false };
    const own = { orderId: orderId(5), quantity: 100 as const, placedAt: at(5), rush: false };
    const book = addOrder(addOrder(emptyOrderBook(), own), adopted);
    const elsewhere = [
      { ...answered(3), placedAt: at(3) },
      { ...answered(7), placedAt: at(7), status: "rejected" as const, reason: "sold_out" as const },
      { ...answered(6), placedAt: at(6), rush: true },
      { ...answered(0), placedAt: at(0) },
      { ...answered(5), placedAt: own.placedAt },
    ];

    const listed = listAnsweredElsewhere(book, elsewhere);

    expect(listed.orders.map(({ orderId: id, status }) => [id, status])).toEqual([
      [orderId(7), "rejected"],
      [orderId(1), "queued"],
      [orderId(5), "queued"],
      [orderId(3), "confirmed"],
      [orderId(0), "confirmed"],
    ]);
    expect(listAnsweredElsewhere(listed, elsewhere)).toBe(listed);
  });
});

describe("the answered orders a site gets by default", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each(STORAGE_REFUSALS)("where the browser %s, answers are kept for the page's lifetime", (_, read) => {
    stubPageStorage(read);
    const kept = defaultAnsweredStorage("fr", "ws://127.0.0.1:15674/ws");

    kept.keep(answered(1));

    expect(kept.load(NOW)).toEqual([answered(1)]);
  });

  it("in a browser with localStorage, answers are kept there, under the site's and broker's prefix", () => {
    const storage = new MapStorage();
    stubPageStorage(() => storage);
    const kept = defaultAnsweredStorage("fr", "ws://127.0.0.1:15674/ws");

    kept.keep(answered(1));

    expect([...storage.items.keys()]).toEqual([`${PREFIX}${orderId(1)}`]);
  });
});
