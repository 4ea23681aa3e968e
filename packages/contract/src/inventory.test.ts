import { describe, expect, it } from "vitest";
import { STOCK_DESTINATION, STOCK_MESSAGE_DESTINATION, STOCK_SUBSCRIBE_HEADERS, isSoldOut, parseStockLevel } from "./inventory.js";

const level = {
  total: 1000,
  remaining: 880,
  sold: { fr: 100, de: 10, gb: 0, es: 10 },
  at: "2026-11-25T17:41:03.131Z",
};

describe("parseStockLevel", () => {
  it("reads a stock broadcast the consumer sends", () => {
    expect(parseStockLevel(JSON.stringify(level))).toEqual(level);
  });

  it.each([
    ["not JSON", "{"],
    ["a missing country", JSON.stringify({ ...level, sold: { fr: 100, de: 10, gb: 0 } })],
    ["a negative count", JSON.stringify({ ...level, remaining: -1 })],
    ["a fractional count", JSON.stringify({ ...level, total: 10.5 })],
    ["more remaining than in total", JSON.stringify({ ...level, remaining: 1001 })],
    ["a time that is no timestamp", JSON.stringify({ ...level, at: "now" })],
    ["sales that do not add up to the tickets gone", JSON.stringify({ ...level, sold: { ...level.sold, gb: 1 } })],
  ])("ignores %s", (_case, body) => {
    expect(parseStockLevel(body)).toBeUndefined();
  });
});

describe("isSoldOut", () => {
  it.each([
    [0, true],
    [9, true],
    [10, false],
    [880, false],
  ])("with %i tickets left, sold out is %s, since the smallest order is 10", (remaining, soldOut) => {
    expect(isSoldOut({ remaining })).toBe(soldOut);
  });
});

describe("the stock subscription", () => {
  it("reads the stock stream as an existing queue, so the SUBSCRIBE declares nothing; deliveries name where the consumer published", () => {
    expect(STOCK_DESTINATION).toBe("/amq/queue/tickets.stock");
    expect(STOCK_MESSAGE_DESTINATION).toBe("/exchange/tickets.inventory/stock");
  });

  it("starts at the next broadcast, with the client acknowledgements and prefetch a stream requires", () => {
    expect(STOCK_SUBSCRIBE_HEADERS).toMatchObject({ ack: "client", "x-stream-offset": "next" });
    expect(Number(STOCK_SUBSCRIBE_HEADERS["prefetch-count"])).toBeGreaterThan(0);
  });
});
