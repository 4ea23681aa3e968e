import { EVERY_LANGUAGE } from "../i18n/every-language.test-support.js";
import type { SiteLanguage } from "../i18n/languages.js";
import type { SiteConfig } from "./site-config.js";

/** A plain site, as element tests configure one: its language is all that varies between them. */
export function testSiteConfig(language: SiteLanguage = "en-GB"): SiteConfig {
  return {
    country: "gb",
    language: EVERY_LANGUAGE[language],
    countryName: "Test",
    event: { title: "Test", venue: "Test", startsAt: "2026-07-14T21:00:00+01:00", timeZone: "Europe/London" },
    currency: "GBP",
    unitPrice: 45,
    colors: { accent: "#012169", highlight: "#c8102e", flag: { stripes: [], direction: "horizontal" } },
  };
}

/** A site in Paris selling in `currency`, in any language: for the texts and formats, whose event date and prices it fixes. */
export function parisSiteConfig(language: SiteLanguage, currency = "EUR"): SiteConfig {
  return {
    country: "fr",
    language: EVERY_LANGUAGE[language],
    countryName: "Test",
    event: { title: "Test", venue: "Test", startsAt: "2026-07-14T21:00:00+02:00", timeZone: "Europe/Paris" },
    currency,
    unitPrice: 45,
    colors: { accent: "#000091", highlight: "#e1000f", flag: { stripes: [], direction: "vertical" } },
  };
}
