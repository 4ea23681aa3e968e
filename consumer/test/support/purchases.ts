import type { Country, Purchase } from "@repo/contract";

/** A purchase from a given country's site, typed so, for tests that connect only some sites. */
export type PurchaseFrom<C extends Country> = Purchase & { country: C };

/** A valid purchase of 10 tickets from a country's site, with a fresh orderId; override any field but the country. */
export function newPurchase<C extends Country>(country: C, overrides: Partial<Omit<Purchase, "country">> = {}): PurchaseFrom<C> {
  return { orderId: crypto.randomUUID(), country, quantity: 10, placedAt: new Date().toISOString(), ...overrides };
}
