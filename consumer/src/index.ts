import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Broker } from "./broker/amqp.js";
import { connectBroker } from "./broker/amqp.js";
import type { Config } from "./config.js";
import { loadConfig } from "./config.js";
import type { ConsumerHealth } from "./health.js";
import { createHealthCheck } from "./health.js";
import { startHttpServer } from "./http.js";
import { createStockBroadcaster } from "./inventory/stock-broadcaster.js";
import { logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { createPurchaseProcessor } from "./purchase-processor.js";
import { handleShutdownSignals } from "./shutdown.js";
import type { OrderStore } from "./store/order-store.js";
import { openSqliteStore } from "./store/sqlite-store.js";

export type { Config } from "./config.js";
export { loadConfig } from "./config.js";
export type { ConsumerHealth } from "./health.js";

/** How long a shutdown may take before the process exits non-zero. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** A running consumer. */
export interface ConsumerService {
  /** The port of /healthz and /metrics: the bound one, also when the config asked for 0. */
  httpPort: number;
  /** Resolves the first time every country queue is consumed and a stock broadcast confirmed; rejects if stopped before. */
  ready: Promise<void>;
  health(): ConsumerHealth;
  /**
   * Stops consuming, finishes the purchases in hand, broadcasts the stock
   * if they (or any sale since the last broadcast) changed it, then closes
   * channels, connections, HTTP server and store.
   */
  stop(): Promise<void>;
}

/** Parts a caller may supply instead of the ones the consumer makes from its config. */
export interface ConsumerParts {
  /** The order store, owned from then on (closed on stop); by default the SQLite file at `databasePath`. Tests inject failures through it. */
  store?: OrderStore;
  /**
   * The hold before a failed delivery is requeued, by its delivery count;
   * `retryDelayMs` by default. Tests lengthen it far beyond any stop, to see
   * a shutdown cut it short without timing the shutdown closely.
   */
  retryDelayMs?: (deliveryCount: number) => number;
}

/**
 * Starts the consumer: store, metrics, HTTP endpoint, then the broker
 * connection. Resolves without waiting for the broker, which may come up
 * later; `ready` tells when it is consuming.
 */
export async function startConsumer(config: Config, parts: ConsumerParts = {}): Promise<ConsumerService> {
  logger.level = config.logLevel;
  const store = parts.store ?? openSqliteStore({ path: config.databasePath, initialStock: config.ticketsTotal });
  const metrics = createMetrics(store);
  let broker: Broker | undefined;
  let health: () => ConsumerHealth;
  try {
    // Reads the store once: one that cannot be read stops the start here, closed, like a bad config.
    health = createHealthCheck(store, () => broker?.health());
  } catch (error) {
    store.close();
    throw error;
  }

  const http = await startHttpServer({
    host: config.httpHost,
    port: config.httpPort,
    health,
    registry: metrics.registry,
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });

  const inventory = createStockBroadcaster({
    read: () => store.snapshot(),
    publish: (message) => broker?.broadcast(message) ?? false,
    answered: () => broker?.broadcastsAnswered() ?? Promise.resolve(),
    minIntervalMs: config.stockIntervalMs,
  });
  const onDelivery = createPurchaseProcessor({
    store,
    metrics,
    onStockChanged: () => {
      inventory.changed();
    },
  });

  try {
    broker = await connectBroker({ url: config.amqpUrl, onDelivery, retryDelayMs: parts.retryDelayMs });
  } catch (error) {
    await http.close();
    store.close();
    throw error;
  }
  const connected = broker;
  inventory.start();

  let stopped: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await connected.stopConsuming();
    // Only now is the last sale known: the purchases in hand committed theirs while the consumers were cancelled.
    await inventory.finish();
    await connected.close();
    await http.close();
    store.close();
  };

  return {
    httpPort: http.port,
    ready: connected.ready,
    health,
    stop: () => (stopped ??= stop()),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startConsumer(config);
  handleShutdownSignals({ stop: () => service.stop(), timeoutMs: SHUTDOWN_TIMEOUT_MS });
}

/** True when Node was started on this file, false when it is imported (tests, the stack). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === fileURLToPath(import.meta.url);
}

if (isEntryPoint()) {
  main().catch((err: unknown) => {
    logger.fatal({ err }, "the consumer could not start");
    process.exit(1);
  });
}
