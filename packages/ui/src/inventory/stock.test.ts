import type { StockLevel } from "@repo/contract";
import { describe, expect, it } from "vitest";
import { canCover, isRunningShort, stockToShow, remainingShare, salesByCountry } from "./stock.js";

function level(overrides: Partial<StockLevel> = {}): StockLevel {
  return { total: 1000, remaining: 880, sold: { fr: 100, de: 20, gb: 0, es: 0 }, at: "2026-11-25T17:00:01.000Z", ...overrides };
}

describe("stockToShow", () => {
  it("takes the first broadcast as it is", () => {
    const first = level();

    expect(stockToShow(undefined, first)).toBe(first);
  });

  it("moves to a newer broadcast", () => {
    const next = level({ remaining: 870, sold: { fr: 110, de: 20, gb: 0, es: 0 }, at: "2026-11-25T17:00:02.000Z" });

    expect(stockToShow(level(), next)).toBe(next);
  });

  it("follows the broadcasts in the order they arrive, whatever the consumer's clock says", () => {
    const next = level({ remaining: 870, sold: { fr: 110, de: 20, gb: 0, es: 0 }, at: "2026-11-25T16:59:00.000Z" });

    expect(stockToShow(level(), next)).toBe(next);
  });

  it("keeps the current object when a republish says the same, so nothing re-renders", () => {
    const current = level();

    expect(stockToShow(current, level({ at: "2026-11-25T17:00:05.000Z" }))).toBe(current);
  });
});

describe("canCover", () => {
  it.each([
    [880, 100, true],
    [100, 100, true],
    [99, 100, false],
    [9, 10, false],
  ])("with %i left, an order of %i can be covered: %s", (remaining, quantity, covered) => {
    expect(canCover(level({ remaining }), quantity)).toBe(covered);
  });

  it("when the stock is not known yet, does not block buying", () => {
    expect(canCover(undefined, 100)).toBe(true);
  });
});

describe("isRunningShort", () => {
  it.each([
    [880, false],
    [100, false],
    [99, true],
    [10, true],
    [9, false],
  ])("with %i left, the site says only few tickets are left: %s (not once sold out, which it says instead)", (remaining, short) => {
    expect(isRunningShort(level({ remaining }))).toBe(short);
  });

  it("before the first broadcast, says nothing", () => {
    expect(isRunningShort(undefined)).toBe(false);
  });
});

describe("remainingShare", () => {
  it("is what is left as a part of the total", () => {
    expect(remainingShare(level())).toBe(0.88);
  });

  it("is zero for an event with no tickets at all", () => {
    expect(remainingShare(level({ total: 0, remaining: 0 }))).toBe(0);
  });
});

describe("salesByCountry", () => {
  it("lists every country with its part of the sales", () => {
    expect(salesByCountry(level())).toEqual([
      { country: "fr", sold: 100, share: 100 / 120 },
      { country: "de", sold: 20, share: 20 / 120 },
      { country: "gb", sold: 0, share: 0 },
      { country: "es", sold: 0, share: 0 },
    ]);
  });

  it("before any sale, gives every country a share of zero", () => {
    const shares = salesByCountry(level({ remaining: 1000, sold: { fr: 0, de: 0, gb: 0, es: 0 } })).map(({ share }) => share);

    expect(shares).toEqual([0, 0, 0, 0]);
  });
});
