import type { Country } from "@repo/contract";
import type { CountryMix } from "../options.js";
import { assignCountries } from "./country-mix.js";

/**
 * Which of the held connections buy: exactly `count` of those still open,
 * spread over the countries by the mix as every other load is, so fewer
 * buyers than weighted countries leaves some country without one. A country
 * short of open connections is made up from the others: the number asked
 * for is the number that buys whenever that many are open.
 */
export function pickBuyers<T extends { readonly country: Country; readonly open: boolean }>(held: readonly T[], count: number, mix: CountryMix): T[] {
  const open = held.filter((site) => site.open);
  const waiting = new Map<Country, T[]>();
  for (const site of open) {
    const same = waiting.get(site.country) ?? [];
    same.push(site);
    waiting.set(site.country, same);
  }
  const chosen = new Set<T>();
  for (const country of assignCountries(count, mix)) {
    const next = waiting.get(country)?.shift();
    if (next !== undefined) chosen.add(next);
  }
  for (const site of open) {
    if (chosen.size >= count) break;
    chosen.add(site);
  }
  return [...chosen];
}
