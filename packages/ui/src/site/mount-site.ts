import "../elements/ticket-shop.js";
import type { TicketShop } from "../elements/ticket-shop.js";
import { brokerOverride } from "./broker.js";
import type { SiteConfig } from "./site-config.js";

/**
 * What a site's entry calls: shows `<ticket-shop>` for `config` in `parent`.
 * A `?broker=ws://…` in the page's address replaces the configured broker URL
 * when it is on this machine or the page's own host (see `brokerOverride`).
 */
export function mountSite(config: SiteConfig, parent: HTMLElement = document.body): TicketShop {
  const url = brokerOverride(location.search, location.hostname);
  const shop = document.createElement("ticket-shop");
  shop.config = url === undefined ? config : { ...config, broker: { ...config.broker, url } };
  parent.append(shop);
  return shop;
}
