import type { Country } from "@repo/contract";
import { describe, expect, it } from "vitest";
import { assignCountries } from "./country-mix.js";
import { pickBuyers } from "./pick-buyers.js";

const EVEN = { fr: 1, de: 1, gb: 1, es: 1 };

/** Held connections as the connections scenario opens them: interleaved by the mix. */
function held(total: number, closed: readonly Country[] = []) {
  return assignCountries(total, EVEN).map((country, index) => ({ index, country, open: !closed.includes(country) }));
}

function byCountry(sites: readonly { country: Country }[]): Partial<Record<Country, number>> {
  const counts: Partial<Record<Country, number>> = {};
  for (const { country } of sites) counts[country] = (counts[country] ?? 0) + 1;
  return counts;
}

describe("pickBuyers", () => {
  it("buys with exactly as many connections as asked, spread over the countries by the mix", () => {
    const buyers = pickBuyers(held(24), 10, EVEN);

    expect(buyers).toHaveLength(10);
    expect(byCountry(buyers)).toEqual({ fr: 3, de: 3, gb: 2, es: 2 });
  });

  it("leaves some countries without a buyer when asked for fewer buyers than countries", () => {
    const buyers = pickBuyers(held(24), 2, EVEN);

    expect(byCountry(buyers)).toEqual({ fr: 1, de: 1 });
  });

  it("makes up a country with no open connection from the others, never picking a closed one", () => {
    const buyers = pickBuyers(held(24, ["fr"]), 8, EVEN);

    expect(buyers).toHaveLength(8);
    expect(buyers.every((site) => site.open)).toBe(true);
    expect(new Set(buyers).size).toBe(8);
  });

  it("buys with every open connection when fewer are open than asked", () => {
    expect(pickBuyers(held(8, ["fr", "de"]), 6, EVEN)).toHaveLength(4);
  });
});
