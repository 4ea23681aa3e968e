import type { Country, StockLevel } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";

/** One country's line in the sales breakdown. */
export interface CountrySales {
  country: Country;
  sold: number;
  /** Its part of everything sold so far, 0 to 1. */
  share: number;
}

/**
 * The level to show after a broadcast arrives: the newer of the two, so a
 * late or repeated broadcast never moves the meter back in time. Returns
 * `current` itself when nothing changed, so the caller can skip a render.
 */
export function newerStock(current: StockLevel | undefined, next: StockLevel): StockLevel {
  if (current === undefined) return next;
  if (Date.parse(next.at) < Date.parse(current.at)) return current;
  return sameStock(current, next) ? current : next;
}

function sameStock(a: StockLevel, b: StockLevel): boolean {
  return a.total === b.total && a.remaining === b.remaining && COUNTRIES.every((country) => a.sold[country] === b.sold[country]);
}

/**
 * Whether an order of `quantity` can still be covered. An unknown stock does
 * not block buying: the consumer decides every order anyway, and a site
 * should not refuse to sell because a broadcast is late.
 */
export function canCover(level: StockLevel | undefined, quantity: number): boolean {
  return level === undefined || level.remaining >= quantity;
}

/** What is left, as a part of the total, 0 to 1. */
export function remainingShare(level: StockLevel): number {
  return level.total === 0 ? 0 : level.remaining / level.total;
}

/** Sales per country, in the contract's country order. */
export function salesByCountry(level: StockLevel): CountrySales[] {
  const soldInAll = COUNTRIES.reduce((sum, country) => sum + level.sold[country], 0);
  return COUNTRIES.map((country) => ({
    country,
    sold: level.sold[country],
    share: soldInAll === 0 ? 0 : level.sold[country] / soldInAll,
  }));
}
