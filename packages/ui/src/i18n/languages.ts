import { de } from "./de.js";
import { enGB } from "./en-gb.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import type { Messages } from "./messages.js";

/** The tags of the languages the sites are written in; each has a Language below. */
export const SITE_LANGUAGES = ["fr", "de", "en-GB", "es"] as const;

export type SiteLanguage = (typeof SITE_LANGUAGES)[number];

/**
 * A site's language: its tag, for the number, price and date formats, and
 * every text of the page. A site names its own in its configuration and
 * imports no other, so its bundle carries one messages table, not all of
 * them (a table is about 1.3 kB of the bundle, gzipped).
 */
export interface Language {
  readonly tag: SiteLanguage;
  readonly messages: Messages;
}

export const FRENCH: Language = { tag: "fr", messages: fr };
export const GERMAN: Language = { tag: "de", messages: de };
export const BRITISH_ENGLISH: Language = { tag: "en-GB", messages: enGB };
export const SPANISH: Language = { tag: "es", messages: es };
