import { ConfigError } from "./config.js";
import { logger } from "./logger.js";
import { parseStockResetArgs } from "./stock-reset-options.js";
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
  const request = parseStockResetArgs(process.argv.slice(2));
  if (request.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { total, databasePath, logLevel } = request;
  logger.level = logLevel;
  // No event loop to keep going here: wait as long as better-sqlite3 would for the consumer's transaction in hand.
  const store = openSqliteStore({ path: databasePath, initialStock: total, busyTimeoutMs: RESET_BUSY_TIMEOUT_MS });
  try {
    store.reset(total);
  } finally {
    store.close();
  }
  process.stdout.write(`Stock reset: ${total} tickets on sale, no orders, in ${databasePath}\n`);
}

try {
  main();
} catch (error) {
  const message = error instanceof ConfigError || error instanceof TypeError ? error.message : String(error);
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exitCode = 1;
}
