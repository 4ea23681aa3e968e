import type { SiteConfig } from "@repo/ui";
import { brokerFromEnv, BRITISH_ENGLISH } from "@repo/ui";

export const siteConfig: SiteConfig = {
  country: "gb",
  language: BRITISH_ENGLISH,
  countryName: "United Kingdom",
  event: {
    title: "Proms in the Park",
    venue: "Hyde Park, London",
    startsAt: "2027-09-12T19:30:00+01:00",
    timeZone: "Europe/London",
  },
  currency: "GBP",
  unitPrice: 42,
  colors: {
    accent: "#012169",
    highlight: "#c8102e",
    flag: { stripes: ["#012169", "#ffffff", "#c8102e"], direction: "horizontal" },
  },
  broker: brokerFromEnv(import.meta.env),
};
