import { COUNTRIES } from "@repo/contract";
import type { Logger } from "pino";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { logger } from "./logger.js";
import type { OrderStore } from "./store/order-store.js";

/** Label value for a delivery whose routing key names no country, or for an order without a reason. */
export const NONE = "none";

export interface Metrics {
  registry: Registry;
  /**
   * Purchases decided for the first time, by country, status (confirmed,
   * rejected, failed) and reason: a redelivery or a site's resend answered
   * from the store is counted in `replays` instead, so confirmed ones add up
   * to orders sold. `failed` counts failed deliveries, each retried.
   */
  orders: Counter<"country" | "status" | "reason">;
  /** Purchases answered from the store, the order having been decided before, by country and the stored status. */
  replays: Counter<"country" | "status">;
  /** From delivery to the broker's confirm of the reply, by country and status. */
  handlingSeconds: Histogram<"country" | "status">;
}

/** Where a gauge says that the store cannot be read, and that it can again; the module's logger by default. */
export type MetricsLog = Pick<Logger, "error" | "info">;

/**
 * The service's metrics on a registry of its own, so two instances in one
 * process (tests) do not collide. The stock gauges read the store at each
 * scrape; one whose read fails reports no value rather than fail the
 * scrape, which would lose every series, the failure counters included.
 */
export function createMetrics(store: Pick<OrderStore, "stock" | "soldByCountry">, log: MetricsLog = logger.child({ module: "metrics" })): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const orders = new Counter({
    name: "tickets_orders_total",
    help: "Purchases decided for the first time (replays excluded), and failed deliveries, by country, status and rejection reason",
    labelNames: ["country", "status", "reason"] as const,
    registers: [registry],
  });
  const replays = new Counter({
    name: "tickets_order_replays_total",
    help: "Purchases answered from the store because the order was decided before (a redelivery or a resend), by country and status",
    labelNames: ["country", "status"] as const,
    registers: [registry],
  });
  const handlingSeconds = new Histogram({
    name: "tickets_order_handling_seconds",
    help: "Time from delivery to the broker's confirm of the reply",
    labelNames: ["country", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const readRemaining = storeReading("tickets_stock_remaining", () => store.stock().remaining, log);
  new Gauge({
    name: "tickets_stock_remaining",
    help: "Tickets still for sale",
    registers: [registry],
    collect() {
      const remaining = readRemaining();
      // Without a value the gauge would repeat the last one read, or 0 (sold out) after a reset: remove it instead.
      if (remaining === undefined) this.remove();
      else this.set(remaining);
    },
  });
  const readSold = storeReading("tickets_sold", () => store.soldByCountry(), log);
  new Gauge({
    name: "tickets_sold",
    help: "Tickets sold, by country",
    labelNames: ["country"] as const,
    registers: [registry],
    collect() {
      const sold = readSold();
      if (sold === undefined) this.reset();
      else for (const country of COUNTRIES) this.set({ country }, sold[country]);
    },
  });

  return { registry, orders, replays, handlingSeconds };
}

/**
 * A gauge's read of the store: undefined when it fails. Scrapes come every
 * few seconds, so a store that stays down is logged when the reads start
 * failing and when they work again, not at every scrape.
 */
function storeReading<T>(gauge: string, read: () => T, log: MetricsLog): () => T | undefined {
  let failing = false;
  return () => {
    try {
      const value = read();
      if (failing) log.info({ gauge }, "the store can be read again; the gauge reports it");
      failing = false;
      return value;
    } catch (err) {
      if (!failing) log.error({ err, gauge }, "could not read the store; the gauge reports no value until it can");
      failing = true;
      return undefined;
    }
  };
}
