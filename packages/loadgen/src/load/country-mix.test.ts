import { describe, expect, it } from "vitest";
import { assignCountries, countriesWithBrowsers, countryAt } from "./country-mix.js";

const EVEN = { fr: 1, de: 1, gb: 1, es: 1 };

function count(countries: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const country of countries) counts[country] = (counts[country] ?? 0) + 1;
  return counts;
}

describe("assignCountries", () => {
  it("splits connections evenly and interleaves them, so any prefix is mixed", () => {
    const countries = assignCountries(8, EVEN);

    expect(countries).toEqual(["fr", "de", "gb", "es", "fr", "de", "gb", "es"]);
  });

  it("follows the weights, handing the remainder to the largest fractions", () => {
    const countries = assignCountries(10, { fr: 3, de: 1, gb: 1, es: 0 });

    expect(count(countries)).toEqual({ fr: 6, de: 2, gb: 2 });
  });

  it("assigns exactly as many connections as asked", () => {
    expect(assignCountries(1000, EVEN)).toHaveLength(1000);
    expect(assignCountries(7, EVEN)).toHaveLength(7);
  });
});

describe("countryAt", () => {
  it("gives the country assigned to a connection, and refuses one past the assigned, rather than default to a country", () => {
    const countries = assignCountries(4, EVEN);

    expect(countryAt(countries, 3)).toBe("es");
    expect(() => countryAt(countries, 4)).toThrow(RangeError);
  });
});

describe("countriesWithBrowsers", () => {
  it("leaves out a country the mix gives no weight, in the usual country order", () => {
    expect(countriesWithBrowsers(40, { fr: 1, de: 0, gb: 2, es: 1 })).toEqual(["fr", "gb", "es"]);
  });
});
