import { CONSUMED_QUEUES } from "../../src/broker/topology.js";
import type { Config } from "../../src/index.js";
import { loadConfig } from "../../src/index.js";

/** The connections a consumer holds to its broker: one per country queue, and the stock's. */
export const CONSUMER_CONNECTIONS = CONSUMED_QUEUES.length + 1;

/**
 * The config of a consumer a test runs in its own process: the test's
 * broker and database, an HTTP port the system picks, and no logs unless
 * LOG_LEVEL asks for them. `env` adds or overrides variables (TICKETS_TOTAL).
 */
export function testConsumerConfig(amqpUrl: string, databasePath: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    AMQP_URL: amqpUrl,
    HTTP_PORT: "0",
    DATABASE_PATH: databasePath,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    ...env,
  });
}
