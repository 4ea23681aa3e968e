import type { Country, StockLevel } from "@repo/contract";
import { COUNTRIES, isSoldOut, PURCHASE_QUANTITIES } from "@repo/contract";

/** One country's line in the sales breakdown. */
export interface CountrySales {
  country: Country;
  sold: number;
  /** Its part of everything sold so far, 0 to 1. */
  share: number;
}

/**
 * The level to show after a broadcast arrives: the broadcast, as it comes.
 * One consumer publishes them on one channel and the broker keeps that
 * order, so the last to arrive is the newest; its `at`, the consumer's wall
 * clock, is not compared, or a consumer restarted on a host whose clock is
 * behind would freeze every meter. Returns `current` itself when nothing
 * changed (the idle republish), so the caller can skip a render.
 */
export function stockToShow(current: StockLevel | undefined, next: StockLevel): StockLevel {
  return current !== undefined && sameStock(current, next) ? current : next;
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

/** Whether some offers are larger than what is left, though not every one: the site says only few tickets are left. */
export function isRunningShort(level: StockLevel | undefined): level is StockLevel {
  return level !== undefined && !isSoldOut(level) && PURCHASE_QUANTITIES.some((quantity) => !canCover(level, quantity));
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
