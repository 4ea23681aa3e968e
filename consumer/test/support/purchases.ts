import type { Country, Purchase } from "@repo/contract";

/** A valid purchase of 10 tickets from a country's site, with a fresh orderId; override any field. */
export function newPurchase(country: Country, overrides: Partial<Purchase> = {}): Purchase {
  return { orderId: crypto.randomUUID(), country, quantity: 10, placedAt: new Date().toISOString(), ...overrides };
}
