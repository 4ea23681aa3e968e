import * as v from "valibot";
import { perCountry } from "./countries.js";
import { PURCHASE_QUANTITIES } from "./purchase.js";
import { INVENTORY_EXCHANGE, STOCK_STREAM } from "./topology.js";

/** Routing key of every stock broadcast on INVENTORY_EXCHANGE, and of the stream's binding to it. */
export const INVENTORY_ROUTING_KEY = "stock";

/**
 * The STOMP destination sites SUBSCRIBE to for the live stock. `/amq/queue/`
 * names a queue that already exists: the SUBSCRIBE declares and binds
 * nothing, so it needs read permission on the stream and no more.
 */
export const STOCK_DESTINATION = `/amq/queue/${STOCK_STREAM}`;

/**
 * The `destination` header of the stock's MESSAGE frames: RabbitMQ names
 * the exchange and routing key the consumer published with, not the
 * stream the site subscribed to.
 */
export const STOCK_MESSAGE_DESTINATION = `/exchange/${INVENTORY_EXCHANGE}/${INVENTORY_ROUTING_KEY}`;

/**
 * How many stock messages the broker may send a tab ahead of its ACKs. A
 * stream delivers only to a subscription with a prefetch and client
 * acknowledgements; a tab acknowledges each message as it reads it, so
 * this never runs out, and it caps what a stalled tab is sent.
 */
const STOCK_PREFETCH = 16;

/**
 * SUBSCRIBE headers of the stock: from the next broadcast on (an older one
 * would show a stock that was true some time ago as heard now), with the
 * acknowledgements and prefetch a stream requires. `client` acknowledgements
 * are cumulative, so acknowledging each message keeps the window open.
 */
export const STOCK_SUBSCRIBE_HEADERS = {
  ack: "client",
  "prefetch-count": String(STOCK_PREFETCH),
  "x-stream-offset": "next",
} as const;

/**
 * The consumer's STOCK_INTERVAL_MS, in milliseconds: while orders sell, at
 * most one broadcast per interval; idle, one every second or every interval,
 * whichever is longer. At most 2 s, as sites count the stock as stalled
 * after 3 s without a broadcast.
 */
export const STOCK_INTERVAL_RANGE_MS = { min: 50, max: 2_000 } as const;

/** The smallest order a site can place: below it, nothing can be sold any more. */
const SMALLEST_QUANTITY = Math.min(...PURCHASE_QUANTITIES);

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const StockLevelSchema = v.pipe(
  v.object({
    /** Tickets the event has for sale in all. */
    total: count,
    /** Tickets not sold yet. */
    remaining: count,
    /** Tickets sold so far, per selling country. */
    sold: v.object(perCountry(() => count)),
    /** When the consumer read this from its store, ISO-8601. */
    at: v.pipe(v.string(), v.isoTimestamp()),
  }),
  // The store reads all three in one transaction, so a broadcast whose sales do not add up is not the consumer's.
  // Counts are never negative, so this also keeps `remaining` within `total`.
  v.check((level) => Object.values(level.sold).reduce((sum, tickets) => sum + tickets, 0) === level.total - level.remaining, "sold does not add up to total − remaining"),
);

/** The stock as the consumer's store held it at `at`: broadcast after every sale, and periodically. */
export type StockLevel = v.InferOutput<typeof StockLevelSchema>;

/** Reads a stock broadcast; undefined when the body is not one (sites ignore such frames). */
export function parseStockLevel(body: string): StockLevel | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = v.safeParse(StockLevelSchema, json);
  return result.success ? result.output : undefined;
}

/** Whether the stock can no longer cover even the smallest order. */
export function isSoldOut(level: Pick<StockLevel, "remaining">): boolean {
  return level.remaining < SMALLEST_QUANTITY;
}
