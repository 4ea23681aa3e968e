import { createContext } from "@lit/context";
import type { Country } from "@repo/contract";
import type { SiteConfig } from "../site/site-config.js";
import type { Count, Messages } from "./messages.js";

/** A site's texts and formats, shared by every element of the page through `localeContext`. */
export interface Locale {
  readonly config: SiteConfig;
  readonly messages: Messages;
  /** A count, grouped the site's way: "4 990" (fr), "4.990" (de). */
  readonly number: (value: number) => string;
  /** A count for a sentence whose words agree with it (`Messages.announce`). */
  readonly count: (value: number) => Count;
  /** An amount in the site's currency. */
  readonly price: (amount: number) => string;
  /** A duration given in milliseconds: "23 ms" below a second, "24.7 s" from one on (25,000 ms reads as a figure, not a wait). */
  readonly milliseconds: (value: number) => string;
  /** The event's start, in the venue's time zone. */
  readonly eventDate: string;
  /**
   * When an order was placed: the time of day, with the date too when it was
   * not today, as for an order the outbox kept from an earlier visit.
   */
  readonly time: (iso: string, now?: Date) => string;
  /** A time of day alone, "09:30:15", for what this page heard moments or hours ago. */
  readonly timeOfDay: (epochMs: number) => string;
  /** A selling country's name in the site's language: "Allemagne" (fr). */
  readonly countryName: (country: Country) => string;
}

export function createLocale(config: SiteConfig): Locale {
  const { tag: language, messages } = config.language;
  const numbers = new Intl.NumberFormat(language);
  const prices = new Intl.NumberFormat(language, {
    style: "currency",
    currency: config.currency,
    trailingZeroDisplay: "stripIfInteger",
  });
  const durations = new Intl.NumberFormat(language, { style: "unit", unit: "millisecond", maximumFractionDigits: 0 });
  const longDurations = new Intl.NumberFormat(language, { style: "unit", unit: "second", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const times = new Intl.DateTimeFormat(language, { timeStyle: "medium" });
  const datedTimes = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "medium" });
  const regions = new Intl.DisplayNames([language], { type: "region" });
  const eventDate = new Intl.DateTimeFormat(language, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: config.event.timeZone,
  }).format(new Date(config.event.startsAt));
  return {
    config,
    messages,
    number: (value) => numbers.format(value),
    count: (value) => ({ value, text: numbers.format(value) }),
    price: (amount) => prices.format(amount),
    milliseconds: (value) => (Math.round(value) < 1_000 ? unbroken(durations, Math.round(value)) : unbroken(longDurations, Math.round(value / 100) / 10, "s")),
    eventDate,
    time: (iso, now = new Date()) => {
      const instant = new Date(iso);
      return (sameDay(instant, now) ? times : datedTimes).format(instant);
    },
    timeOfDay: (epochMs) => times.format(new Date(epochMs)),
    countryName: (country) => regions.of(country.toUpperCase()) ?? country.toUpperCase(),
  };
}

/**
 * A quantity as `format` writes it, never broken between figure and unit (a
 * plain space becomes a no-break one), its unit replaced by `symbol` if
 * given. Seconds take the SI symbol, as milliseconds have theirs: the short
 * unit of some languages is a word ("24.7 secs" in en-GB, "24,7 Sek." in
 * German), which reads oddly beside "12 ms".
 */
function unbroken(format: Intl.NumberFormat, value: number, symbol?: string): string {
  return format
    .formatToParts(value)
    .map((part) => (part.type === "unit" ? (symbol ?? part.value) : part.value.replaceAll(" ", "\u00a0")))
    .join("");
}

/** Whether two instants fall on the same calendar day where the browser is. */
function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Provided once by `<ticket-shop>`; every element inside reads its texts from it. */
export const localeContext = createContext<Locale>(Symbol("tickets-locale"));
