import type { Country } from "@repo/contract";

/**
 * What a buyer reads on each site, written here independently of the UI's
 * message tables, so the tests notice a site that lost its translation.
 */
export interface SiteLanguage {
  buyButton: (quantity: number) => string;
  tickets: (quantity: number) => string;
  online: string;
  reconnecting: string;
  ordersList: string;
  confirmed: string;
  /** An order waiting in the outbox for the connection. */
  queued: string;
}

export const SITE_LANGUAGES: Record<Country, SiteLanguage> = {
  fr: {
    buyButton: (quantity) => `+${quantity} billets`,
    tickets: (quantity) => `${quantity} billets`,
    online: "En ligne",
    reconnecting: "Reconnexion…",
    ordersList: "Commandes",
    confirmed: "Confirmée",
    queued: "En attente de connexion",
  },
  de: {
    buyButton: (quantity) => `+${quantity} Tickets`,
    tickets: (quantity) => `${quantity} Tickets`,
    online: "Online",
    reconnecting: "Verbinde erneut…",
    ordersList: "Bestellungen",
    confirmed: "Bestätigt",
    queued: "Wartet auf Verbindung",
  },
  gb: {
    buyButton: (quantity) => `+${quantity} tickets`,
    tickets: (quantity) => `${quantity} tickets`,
    online: "Online",
    reconnecting: "Reconnecting…",
    ordersList: "Orders",
    confirmed: "Confirmed",
    queued: "Waiting for connection",
  },
  es: {
    buyButton: (quantity) => `+${quantity} entradas`,
    tickets: (quantity) => `${quantity} entradas`,
    online: "En línea",
    reconnecting: "Reconectando…",
    ordersList: "Pedidos",
    confirmed: "Confirmado",
    queued: "Esperando conexión",
  },
};
