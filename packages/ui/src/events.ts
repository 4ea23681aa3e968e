import type { PurchaseQuantity } from "@repo/contract";

/** A buyer asked for tickets. Fired by `<ticket-offer>`. */
export type TicketsBuyEvent = CustomEvent<{ quantity: PurchaseQuantity }>;

/** A buyer pressed an offer again too soon after the last press: a repeat, which buys nothing. Fired by `<ticket-offer>`. */
export type TicketsBuyRepeatEvent = CustomEvent<{ quantity: PurchaseQuantity }>;

/** A buyer started a rush of `count` orders. Fired by `<rush-control>`. */
export type TicketsRushStartEvent = CustomEvent<{ count: number }>;

/** A buyer stopped the running rush. Fired by `<rush-control>`. */
export type TicketsRushStopEvent = CustomEvent<null>;

/** A buyer asked to send an order again with its own orderId: a busy one, one the consumer could not process (Try again), or an expired one (Send anyway). Fired by `<order-list>`. */
export type TicketsRetryEvent = CustomEvent<{ orderId: string }>;

/** A buyer asked to reconnect now rather than wait for the next attempt. Fired by `<connection-badge>`. */
export type TicketsReconnectEvent = CustomEvent<null>;

/** Dispatches one of the library's events: bubbling and composed, so it leaves shadow roots. */
export function emit<K extends "tickets-buy" | "tickets-buy-repeat" | "tickets-rush-start" | "tickets-rush-stop" | "tickets-retry" | "tickets-reconnect">(
  target: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K]["detail"],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    "tickets-buy": TicketsBuyEvent;
    "tickets-buy-repeat": TicketsBuyRepeatEvent;
    "tickets-rush-start": TicketsRushStartEvent;
    "tickets-rush-stop": TicketsRushStopEvent;
    "tickets-retry": TicketsRetryEvent;
    "tickets-reconnect": TicketsReconnectEvent;
  }
}
