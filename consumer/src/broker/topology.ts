import {
  COUNTRIES,
  DEAD_LETTER_EXCHANGE,
  DEAD_LETTER_QUEUE,
  INVENTORY_EXCHANGE,
  INVENTORY_ROUTING_KEY,
  PURCHASE_QUEUE_ARGUMENTS,
  PURCHASES_EXCHANGE_ARGUMENTS,
  purchaseQueue,
  purchaseRoutingKey,
  purchasesExchange,
  STOCK_STREAM,
  STOCK_STREAM_ARGUMENTS,
  UNROUTABLE_EXCHANGE,
  UNROUTABLE_QUEUE,
} from "@repo/contract";

export interface ExchangeSpec {
  name: string;
  type: "topic" | "fanout";
  arguments: Readonly<Record<string, unknown>>;
}

export interface QueueSpec {
  name: string;
  arguments: Readonly<Record<string, unknown>>;
  bindings: readonly { exchange: string; routingKey: string }[];
  /**
   * It holds nothing worth keeping: found declared with other arguments (by
   * older definitions), it is deleted and declared anew instead of failing.
   */
  replaceWhenDifferent?: boolean;
}

export interface Topology {
  exchanges: readonly ExchangeSpec[];
  queues: readonly QueueSpec[];
}

/**
 * The broker objects a purchases connection relies on, all durable. The
 * broker's definitions.json declares the same; asserting them again
 * recreates anything deleted, and makes a drift (PRECONDITION_FAILED) fail
 * every connection attempt: the consumer logs it, keeps retrying and
 * reports not ready on /healthz rather than consume from queues it does not
 * expect.
 */
export const PURCHASES_TOPOLOGY: Topology = {
  exchanges: [
    ...COUNTRIES.map((country): ExchangeSpec => ({ name: purchasesExchange(country), type: "topic", arguments: PURCHASES_EXCHANGE_ARGUMENTS })),
    { name: UNROUTABLE_EXCHANGE, type: "fanout", arguments: {} },
    { name: DEAD_LETTER_EXCHANGE, type: "fanout", arguments: {} },
  ],
  queues: [
    { name: DEAD_LETTER_QUEUE, arguments: {}, bindings: [{ exchange: DEAD_LETTER_EXCHANGE, routingKey: "" }] },
    { name: UNROUTABLE_QUEUE, arguments: {}, bindings: [{ exchange: UNROUTABLE_EXCHANGE, routingKey: "" }] },
    ...COUNTRIES.map((country) => ({
      name: purchaseQueue(country),
      arguments: PURCHASE_QUEUE_ARGUMENTS,
      bindings: [{ exchange: purchasesExchange(country), routingKey: purchaseRoutingKey(country) }],
    })),
  ],
};

/**
 * What the stock connection relies on. Asserted by that connection alone,
 * so a stock stream the broker refuses stops the stock, not the purchases.
 * The stream holds only broadcasts a newer one supersedes, so one left by
 * older definitions with other retention is replaced.
 */
export const STOCK_TOPOLOGY: Topology = {
  exchanges: [{ name: INVENTORY_EXCHANGE, type: "topic", arguments: {} }],
  queues: [
    {
      name: STOCK_STREAM,
      arguments: STOCK_STREAM_ARGUMENTS,
      bindings: [{ exchange: INVENTORY_EXCHANGE, routingKey: INVENTORY_ROUTING_KEY }],
      replaceWhenDifferent: true,
    },
  ],
};

/** The queues the consumer drains, one connection each. */
export const CONSUMED_QUEUES: readonly string[] = COUNTRIES.map(purchaseQueue);
