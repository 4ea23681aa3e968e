import type { SiteConfig } from "@repo/ui";
import { brokerFromEnv, FRENCH } from "@repo/ui";

export const siteConfig: SiteConfig = {
  country: "fr",
  language: FRENCH,
  countryName: "France",
  event: {
    title: "Nuit Électro au Zénith",
    venue: "Zénith Paris – La Villette",
    startsAt: "2027-07-14T21:00:00+02:00",
    timeZone: "Europe/Paris",
  },
  currency: "EUR",
  unitPrice: 45,
  colors: {
    accent: "#000091",
    highlight: "#e1000f",
    flag: { stripes: ["#000091", "#ffffff", "#e1000f"], direction: "vertical" },
  },
  broker: brokerFromEnv(import.meta.env),
};
