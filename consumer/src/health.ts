import type { Country } from "@repo/contract";
import type { BrokerHealth } from "./broker/amqp.js";
import type { HealthReport } from "./http.js";
import type { OrderStore, Stock } from "./store/order-store.js";

/** What GET /healthz answers. */
export interface ConsumerHealth extends HealthReport {
  /**
   * Every broker connection works (each country queue consumed, and a stock
   * broadcast confirmed since the stock connection last (re)connected), and
   * the store can be read.
   */
  healthy: boolean;
  broker: Omit<BrokerHealth, "healthy">;
  store: {
    /** Why the store could not be read for this report; undefined when it could. */
    lastError: string | undefined;
  };
  /** From this report's read of the store, or, when store.lastError says it failed, the last read that worked. */
  stock: Stock;
  /** Tickets sold so far, per country; from the same read as `stock`. */
  sold: Record<Country, number>;
}

/** What the broker side says before there is a broker to ask. */
const NOT_CONNECTED: BrokerHealth = { healthy: false, connected: false, consuming: [], lastError: undefined };

/**
 * The /healthz report: the broker's health and the store's stock, read
 * afresh each time. A store that cannot be read makes the report unhealthy
 * (503) and says why, instead of failing the request with a bare 500 that
 * says nothing. The store is read once here already, so a store that cannot
 * be read at startup stops the start.
 */
export function createHealthCheck(store: Pick<OrderStore, "snapshot">, broker: () => BrokerHealth | undefined): () => ConsumerHealth {
  let lastRead = store.snapshot();
  return () => {
    const { healthy: brokerHealthy, ...details } = broker() ?? NOT_CONNECTED;
    let storeError: string | undefined;
    try {
      lastRead = store.snapshot();
    } catch (error) {
      storeError = reasonOf(error);
    }
    const { sold, ...stock } = lastRead;
    return { healthy: brokerHealthy && storeError === undefined, broker: details, store: { lastError: storeError }, stock, sold };
  };
}

/** The error's code (SQLite's, such as SQLITE_IOERR) and message, for the report. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as { code?: unknown };
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}
