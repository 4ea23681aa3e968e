import * as v from "valibot";
import type { Country } from "./countries.js";
import { COUNTRIES } from "./countries.js";
import { PURCHASE_QUANTITIES } from "./purchase.js";
import { INVENTORY_EXCHANGE } from "./topology.js";

/** Routing key of every stock broadcast on INVENTORY_EXCHANGE; one event on sale, one key. */
export const INVENTORY_ROUTING_KEY = "stock";

/** The STOMP destination sites SUBSCRIBE to for the live stock. */
export const INVENTORY_DESTINATION = `/exchange/${INVENTORY_EXCHANGE}/${INVENTORY_ROUTING_KEY}`;

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
    sold: v.object(Object.fromEntries(COUNTRIES.map((country) => [country, count])) as Record<Country, typeof count>),
    /** When the consumer read this from its store, ISO-8601. */
    at: v.pipe(v.string(), v.isoTimestamp()),
  }),
  v.check((level) => level.remaining <= level.total, "remaining exceeds total"),
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
