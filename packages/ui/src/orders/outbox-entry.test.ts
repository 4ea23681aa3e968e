import type { Purchase } from "@repo/contract";
import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "./outbox-entry.js";
import { parseOutboxEntry, parseOutboxList, serializeOutboxEntry } from "./outbox-entry.js";

function orderId(n: number): string {
  return `9f1c2b0e-1111-4a4a-8b8b-${String(n).padStart(12, "0")}`;
}

function entry(n: number, overrides: Partial<Purchase> = {}, rush = false, published = false): OutboxEntry {
  return { purchase: { orderId: orderId(n), country: "fr", quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", ...overrides }, rush, published };
}

describe("an outbox entry in storage", () => {
  it("a stored order reads back as it was written, published or not, with or without the buyer's last ask", () => {
    const kept = entry(2, { quantity: 100 }, true);
    const published = entry(3, {}, false, true);
    const askedAgain: OutboxEntry = { ...entry(4), askedAt: "2026-07-20T10:00:00.000Z" };

    expect(parseOutboxEntry(serializeOutboxEntry(kept), "fr")).toEqual(kept);
    expect(parseOutboxEntry(serializeOutboxEntry(published), "fr")).toEqual(published);
    expect(parseOutboxEntry(serializeOutboxEntry(askedAgain), "fr")).toEqual(askedAgain);
  });

  it("a stored order whose record of what the buyer was told is unreadable is kept, as told nothing", () => {
    const { purchase } = entry(1);
    const read = (told: unknown) => parseOutboxEntry(JSON.stringify({ purchase, rush: false, published: true, told }), "fr");

    expect(read(["busy", "busy"])).toEqual({ ...entry(1, {}, false, true), told: ["busy"] });
    expect(read(["sold"])).toEqual(entry(1, {}, false, true));
    expect(read("timed-out")).toEqual(entry(1, {}, false, true));
  });

  it("an unprocessed order reads back with when it was parked; a parking time that is unreadable, or on an entry not parked, is left out, the order kept", () => {
    const withoutTime: OutboxEntry = { ...entry(1, {}, false, true), unprocessed: true };
    const parked: OutboxEntry = { ...withoutTime, parkedAt: "2026-07-20T10:00:00.000Z" };

    expect(parseOutboxEntry(serializeOutboxEntry(parked), "fr")).toEqual(parked);
    expect(parseOutboxEntry(JSON.stringify({ ...parked, parkedAt: "last week" }), "fr")).toEqual(withoutTime);
    expect(parseOutboxEntry(JSON.stringify({ ...entry(2, {}, false, true), parkedAt: "2026-07-20T10:00:00.000Z" }), "fr")).toEqual(entry(2, {}, false, true));
  });

  it("an order reads back with the tab that kept it; a keeper that is not text is left out, the order kept", () => {
    const kept: OutboxEntry = { ...entry(1, {}, false, true), keeper: "tickets.tab:tickets.outbox:fr:ws://127.0.0.1:15674/ws:abc" };

    expect(parseOutboxEntry(serializeOutboxEntry(kept), "fr")).toEqual(kept);
    expect(parseOutboxEntry(JSON.stringify({ ...kept, keeper: 7 }), "fr")).toEqual(entry(1, {}, false, true));
  });

  it("an order stored by a site that did not record whether it sent it reads as published, so it is resent rather than hidden", () => {
    const { purchase } = entry(1);

    expect(parseOutboxEntry(JSON.stringify({ purchase, rush: false }), "fr")).toEqual(entry(1, {}, false, true));
    expect(parseOutboxList(JSON.stringify([{ purchase, rush: true }]), "fr")).toEqual([entry(1, {}, true, true)]);
  });

  it.each([
    ["nothing stored", null],
    ["text that is not JSON", "{oops"],
    ["another country's purchase", JSON.stringify(entry(2, { country: "de" }))],
    ["a quantity the site does not sell", JSON.stringify(entry(3, { quantity: 11 as 10 }))],
    ["a rush flag that is not a boolean", JSON.stringify({ ...entry(4), rush: "yes" })],
    ["a published flag that is not a boolean", JSON.stringify({ ...entry(7), published: "yes" })],
    ["a published flag that is null", JSON.stringify({ ...entry(8), published: null })],
    ["an ask that is no timestamp", JSON.stringify({ ...entry(9), askedAt: "yesterday" })],
    ["an ask that is null", JSON.stringify({ ...entry(10), askedAt: null })],
    ["an ask that is a number", JSON.stringify({ ...entry(11), askedAt: Date.parse("2026-07-20T10:00:00.000Z") })],
    ["a tombstone for an order the site published", JSON.stringify({ ...entry(13, {}, false, true), expired: true })],
    ["an expired flag that is not true", JSON.stringify({ ...entry(14), expired: "yes" })],
    ["an unprocessed order the site never published", JSON.stringify({ ...entry(15), unprocessed: true })],
    ["an unprocessed flag that is not true", JSON.stringify({ ...entry(16, {}, false, true), unprocessed: 1 })],
    ["an order both expired and unprocessed", JSON.stringify({ ...entry(17), expired: true, unprocessed: true })],
    ["an ask on a date that does not exist", JSON.stringify({ ...entry(12), askedAt: "2026-02-30T10:00:00.000Z" })],
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
