import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { CountryMix } from "../options.js";

/**
 * The country of each of `total` connections, in proportion to the mix
 * (largest remainder: a country whose share rounds to none gets none, so
 * `--mix fr=10,de=1` over 5 connections gives de one and no more) and
 * interleaved, so any prefix is mixed too.
 */
export function assignCountries(total: number, mix: CountryMix): Country[] {
  const weighted = COUNTRIES.filter((country) => mix[country] > 0);
  const weightSum = weighted.reduce((sum, country) => sum + mix[country], 0);
  const exact = weighted.map((country) => ({ country, share: (total * mix[country]) / weightSum }));
  const counts = new Map(exact.map(({ country, share }) => [country, Math.floor(share)]));
  let left = total - [...counts.values()].reduce((sum, count) => sum + count, 0);
  const byRemainder = [...exact].sort((a, b) => (b.share % 1) - (a.share % 1));
  for (const { country } of byRemainder) {
    if (left === 0) break;
    counts.set(country, (counts.get(country) ?? 0) + 1);
    left -= 1;
  }
  const assigned: Country[] = [];
  for (let round = 0; assigned.length < total; round += 1) {
    for (const country of weighted) if ((counts.get(country) ?? 0) > round) assigned.push(country);
  }
  return assigned;
}

/**
 * The country of connection `index`, from assignCountries' list for the
 * whole fleet, which has exactly one per connection: an index past its end
 * is a bug in the caller, not a connection to send to some default country.
 */
export function countryAt(countries: readonly Country[], index: number): Country {
  const country = countries[index];
  if (country === undefined) throw new RangeError(`connection ${index}: countries were assigned to ${countries.length} connections only`);
  return country;
}

/** The countries that get at least one of `total` connections, in COUNTRIES order: a weight of 0, or too few connections, leaves some out. */
export function countriesWithBrowsers(total: number, mix: CountryMix): Country[] {
  const assigned = new Set(assignCountries(total, mix));
  return COUNTRIES.filter((country) => assigned.has(country));
}
