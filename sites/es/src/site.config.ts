import type { SiteConfig } from "@repo/ui";
import { brokerFromEnv, SPANISH } from "@repo/ui";

export const siteConfig: SiteConfig = {
  country: "es",
  language: SPANISH,
  countryName: "España",
  event: {
    title: "Noche de Flamenco",
    venue: "Plaza de España, Sevilla",
    startsAt: "2027-06-20T22:00:00+02:00",
    timeZone: "Europe/Madrid",
  },
  currency: "EUR",
  unitPrice: 39,
  colors: {
    accent: "#aa151b",
    highlight: "#f1bf00",
    flag: { stripes: ["#aa151b", "#f1bf00", "#f1bf00", "#aa151b"], direction: "horizontal" },
  },
  broker: brokerFromEnv(import.meta.env),
};
