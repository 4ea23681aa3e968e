import type { Country } from "./countries.js";
import { COUNTRIES } from "./countries.js";

/**
 * Every broker name the system uses. rabbitmq/definitions.json declares the
 * same objects at boot; the consumer asserts them again on every connection,
 * and a mismatch there (PRECONDITION_FAILED) keeps it from consuming, logged
 * on every retry and reported by /healthz, instead of drifting.
 */

/** The virtual host that holds everything of this project. */
export const VHOST = "tickets";

/**
 * Topic exchange a country's site publishes its purchases to, routing key
 * `purchase.<cc>`, bound to that country's queue only. One per country,
 * because a site login that may write to an exchange may also name it as
 * the dead-letter or alternate exchange of a queue or exchange it declares,
 * and messages routed that way skip topic permission checks: with one
 * shared exchange, any site could fill every country's queue.
 */
export function purchasesExchange(country: Country): string {
  return `tickets.purchases.${country}`;
}

/** Fanout exchange behind every purchases exchange: a purchase no queue is bound for lands here, not nowhere. */
export const UNROUTABLE_EXCHANGE = "tickets.unroutable";

/** Arguments of every purchases exchange. Identical here, in definitions.json and in the consumer's assert. */
export const PURCHASES_EXCHANGE_ARGUMENTS = {
  "alternate-exchange": UNROUTABLE_EXCHANGE,
} as const;

/**
 * Topic exchange the consumer publishes the stock on (routing key
 * `INVENTORY_ROUTING_KEY`); it routes into `STOCK_STREAM` only. No site
 * login may read it, so none can bind a queue of its own to the stock.
 */
export const INVENTORY_EXCHANGE = "tickets.inventory";

/**
 * Stream every stock broadcast is appended to; sites read it over
 * Web-STOMP from the next message on. A stream, read with read permission
 * only, rather than an exchange every tab binds its own queue to: a login
 * that may have the broker declare a queue for it may also choose that
 * queue's arguments (a dead-letter exchange, a TTL of 0, a priority of
 * 255), and a public site login must not be able to turn each broadcast
 * into purchases or choose what its queues cost the broker (README,
 * Security).
 */
export const STOCK_STREAM = "tickets.stock";

/**
 * Arguments of the stock stream. Identical here, in definitions.json and in
 * the consumer's assert. A broadcast is a few hundred bytes and goes out
 * once or twice a second by default (`STOCK_INTERVAL_MS`); whole segments of 64 KiB go once beyond
 * 256 KiB or older than ten minutes, so the stream keeps a few minutes of
 * history. No site reads back in time (a tab starts at the next
 * broadcast), and any login that may read the stream may also start at
 * its first message: the less it keeps, the less such a reader costs the
 * broker.
 */
export const STOCK_STREAM_ARGUMENTS = {
  "x-queue-type": "stream",
  "x-max-age": "10m",
  "x-max-length-bytes": 262_144,
  "x-stream-max-segment-size-bytes": 65_536,
} as const;

/** Queue that keeps unroutable purchases for an operator to look at. */
export const UNROUTABLE_QUEUE = "purchases.unroutable";

/** Fanout exchange that country queues dead-letter into. */
export const DEAD_LETTER_EXCHANGE = "tickets.dead";

/** Queue that keeps every rejected or undeliverable purchase. */
export const DEAD_LETTER_QUEUE = "purchases.dead";

/**
 * How many times a purchase may be returned to its queue (`x-delivery-limit`)
 * before the broker dead-letters it: 6 deliveries in all. Quorum queues count
 * the returns, so a message that crashes the handler every time cannot loop
 * forever.
 */
export const PURCHASE_DELIVERY_LIMIT = 5;

/** Arguments of every country queue. Identical here, in definitions.json and in the consumer's assert. */
export const PURCHASE_QUEUE_ARGUMENTS = {
  "x-queue-type": "quorum",
  "x-delivery-limit": PURCHASE_DELIVERY_LIMIT,
  "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
} as const;

/** Routing key a country's purchases are published with. */
export function purchaseRoutingKey(country: Country): string {
  return `purchase.${country}`;
}

/** The durable queue that holds a country's purchases until the consumer takes them. */
export function purchaseQueue(country: Country): string {
  return `purchases.${country}`;
}

/** The country a purchase routing key names, or undefined for any other key. */
export function countryOfRoutingKey(routingKey: string): Country | undefined {
  return COUNTRIES.find((country) => purchaseRoutingKey(country) === routingKey);
}
