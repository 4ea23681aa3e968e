import type { SiteConfig } from "@repo/ui";
import { brokerFromEnv, GERMAN } from "@repo/ui";

export const siteConfig: SiteConfig = {
  country: "de",
  language: GERMAN,
  countryName: "Deutschland",
  event: {
    title: "Sommernacht der Sinfonien",
    venue: "Waldbühne, Berlin",
    startsAt: "2027-08-08T20:00:00+02:00",
    timeZone: "Europe/Berlin",
  },
  currency: "EUR",
  unitPrice: 49,
  colors: {
    accent: "#c00000",
    highlight: "#ffce00",
    flag: { stripes: ["#000000", "#dd0000", "#ffce00"], direction: "horizontal" },
  },
  broker: brokerFromEnv(import.meta.env),
};
