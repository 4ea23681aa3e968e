// What a site's entry needs (`mountSite`, `brokerFromEnv`, `SiteConfig`, its Language), the elements and their events for a page
// that places them itself, and everything headless.
export * from "./headless.js";
export { ConnectionBadge } from "./elements/connection-badge.js";
export { OrderList } from "./elements/order-list.js";
export { RushControl } from "./elements/rush-control.js";
export { StockMeter } from "./elements/stock-meter.js";
export { TicketOffer } from "./elements/ticket-offer.js";
export { TicketShop } from "./elements/ticket-shop.js";
export type { TicketsBuyEvent, TicketsBuyRepeatEvent, TicketsReconnectEvent, TicketsRetryEvent, TicketsRushStartEvent, TicketsRushStopEvent } from "./events.js";
export { brokerFromEnv } from "./site/broker.js";
export { mountSite } from "./site/mount-site.js";
export type { SiteConfig } from "./site/site-config.js";
export type { Language } from "./i18n/languages.js";
export { BRITISH_ENGLISH, FRENCH, GERMAN, SPANISH } from "./i18n/languages.js";
