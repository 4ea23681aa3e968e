/** The four countries that sell tickets; each has one site, one queue and one broker user. */
export const COUNTRIES = ["fr", "de", "gb", "es"] as const;

/** An ISO 3166-1 alpha-2 code, lower case, of a selling country. */
export type Country = (typeof COUNTRIES)[number];

/** A record with an entry for every country, each made by `entryFor`: a fifth country gets one without an edit. */
export function perCountry<T>(entryFor: (country: Country) => T): Record<Country, T> {
  return Object.fromEntries(COUNTRIES.map((country) => [country, entryFor(country)])) as Record<Country, T>;
}

export function isCountry(value: unknown): value is Country {
  return typeof value === "string" && (COUNTRIES as readonly string[]).includes(value);
}

/**
 * The broker login of a country's site. Browsers send it as STOMP `user-id`,
 * the broker checks it against the authenticated user, and so the consumer
 * can trust which site an order came from.
 */
export function siteLogin(country: Country): string {
  return `site-${country}`;
}
