import type { Country } from "@repo/contract";

/**
 * What a buyer reads on each site, written here independently of the UI's
 * message tables, so the tests notice a site that lost its translation.
 */
export interface SiteLanguage {
  buyButton: (quantity: number) => string;
  tickets: (quantity: number) => string;
  online: string;
  ordersList: string;
  confirmed: string;
}

export const SITE_LANGUAGES: Record<Country, SiteLanguage> = {
  fr: {
    buyButton: (quantity) => `+${quantity} billets`,
    tickets: (quantity) => `${quantity} billets`,
    online: "En ligne",
    ordersList: "Commandes",
    confirmed: "Confirmée",
  },
  de: {
    buyButton: (quantity) => `+${quantity} Tickets`,
    tickets: (quantity) => `${quantity} Tickets`,
    online: "Online",
    ordersList: "Bestellungen",
    confirmed: "Bestätigt",
  },
  gb: {
    buyButton: (quantity) => `+${quantity} tickets`,
    tickets: (quantity) => `${quantity} tickets`,
    online: "Online",
    ordersList: "Orders",
    confirmed: "Confirmed",
  },
  es: {
    buyButton: (quantity) => `+${quantity} entradas`,
    tickets: (quantity) => `${quantity} entradas`,
    online: "En línea",
    ordersList: "Pedidos",
    confirmed: "Confirmado",
  },
};
