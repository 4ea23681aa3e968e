import type { Country } from "@repo/contract";
import type { Language } from "../i18n/languages.js";

/** A flag drawn as equal stripes; repeat a colour for wider bands (Spain: red, yellow, yellow, red). */
export interface FlagStripes {
  /** Stripe colours, first to last. */
  readonly stripes: readonly string[];
  /** Whether the stripes are stacked top to bottom or side by side. */
  readonly direction: "horizontal" | "vertical";
}

/** A site's colours. Each must keep 4.5:1 contrast where it is used (see README). */
export interface SiteColors {
  /** Buttons, links, hero background; white text sits on it. */
  readonly accent: string;
  /** A second flag colour for highlights on the hero. */
  readonly highlight: string;
  /** The flag in the header and the hero's edge. */
  readonly flag: FlagStripes;
}

/** The event a site sells tickets for. */
export interface SiteEvent {
  readonly title: string;
  /** Venue and city, as printed. */
  readonly venue: string;
  /** Start, ISO-8601 with offset. */
  readonly startsAt: string;
  /** IANA zone the start time is shown in, the venue's. */
  readonly timeZone: string;
}

/**
 * Where a site connects. Every field is optional; the defaults are the local
 * broker and the password of the site's public login. The login itself is
 * always `site-<cc>` (see `BrokerSettings.login`).
 */
export interface BrokerConfig {
  /** Web-STOMP endpoint, ws:// or wss://. */
  readonly url?: string | undefined;
  readonly passcode?: string | undefined;
}

/** Everything that makes one site differ from another. Sites are configuration only. */
export interface SiteConfig {
  /** The selling country: destination, login and the orders' country. */
  readonly country: Country;
  /** Language of every text on the site, and of number, price and date formats: FRENCH, GERMAN… */
  readonly language: Language;
  /** Country name, in the site's language. */
  readonly countryName: string;
  readonly event: SiteEvent;
  /** ISO 4217 code of the prices. */
  readonly currency: string;
  /** Price of one ticket, in major units. */
  readonly unitPrice: number;
  readonly colors: SiteColors;
  readonly broker?: BrokerConfig;
}
