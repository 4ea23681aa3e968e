import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.js";
import { logger } from "./logger.js";
import { openSqliteStore } from "./store/sqlite-store.js";

/** How long the reset waits for the write lock the consumer (or anyone) holds. */
const RESET_BUSY_TIMEOUT_MS = 5_000;

const USAGE = "usage: pnpm stock:reset [--total <tickets>]   (default: TICKETS_TOTAL, else 100000)";

/**
 * Starts a new sale in the consumer's database (DATABASE_PATH): forgets
 * every order and puts `--total` tickets on sale. Safe while the consumer
 * runs: SQLite serialises the reset with its transactions, and its next
 * stock broadcast, within a second, shows the new stock on every site.
 */
function main(): void {
  // `pnpm stock:reset -- --total 7`, the npm habit: pnpm passes the `--` on, and parseArgs would end the options there.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
  const { values } = parseArgs({ args, options: { total: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...(values.total !== undefined && { TICKETS_TOTAL: values.total }) };
  const config = loadConfigFor(env, values.total !== undefined);
  // The store's "open" line would only clutter a one-line answer.
  logger.level = env.LOG_LEVEL === undefined || env.LOG_LEVEL === "" ? "warn" : config.logLevel;
  // No event loop to keep going here: wait as long as better-sqlite3 would for the consumer's transaction in hand.
  const store = openSqliteStore({ path: config.databasePath, initialStock: config.ticketsTotal, busyTimeoutMs: RESET_BUSY_TIMEOUT_MS });
  try {
    store.reset(config.ticketsTotal);
  } finally {
    store.close();
  }
  process.stdout.write(`Stock reset: ${config.ticketsTotal} tickets on sale, no orders, in ${config.databasePath}\n`);
}

/** The configuration; a bad `--total` is reported as the flag the user typed, not as the variable it sets. */
function loadConfigFor(env: NodeJS.ProcessEnv, totalFromFlag: boolean): ReturnType<typeof loadConfig> {
  try {
    return loadConfig(env);
  } catch (error) {
    if (totalFromFlag && error instanceof ConfigError) throw new ConfigError(error.message.replace(/\bTICKETS_TOTAL\b/, "--total"));
    throw error;
  }
}

try {
  main();
} catch (error) {
  const message = error instanceof ConfigError || error instanceof TypeError ? error.message : String(error);
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exitCode = 1;
}
