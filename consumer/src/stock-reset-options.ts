import { parseArgs } from "node:util";
import type { LogLevel } from "./config.js";
import { loadConfig, parseTicketCount } from "./config.js";

/** What `pnpm stock:reset` was asked to do. */
export type StockResetRequest =
  | { kind: "help" }
  | {
      kind: "reset";
      /** Tickets to put on sale: `--total`, else TICKETS_TOTAL, else the default. */
      total: number;
      /** The consumer's database, DATABASE_PATH resolved. */
      databasePath: string;
      logLevel: LogLevel;
    };

/**
 * Reads stock:reset's command line and the consumer's environment. A
 * `--total` is checked on its own, by TICKETS_TOTAL's rule, and an empty
 * one refused: handed to loadConfig as TICKETS_TOTAL, "" would count as
 * unset and reset the sale to a total nobody asked for. Throws a
 * ConfigError for a bad value, parseArgs' TypeError for a bad flag.
 */
export function parseStockResetArgs(args: readonly string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): StockResetRequest {
  // `pnpm stock:reset -- --total 7`, the npm habit: pnpm passes the `--` on, and parseArgs would end the options there.
  const flags = args.filter((arg, i) => !(i === 0 && arg === "--"));
  const { values } = parseArgs({ args: flags, options: { total: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help === true) return { kind: "help" };
  const total = values.total === undefined ? undefined : parseTicketCount("--total", values.total);
  // Only what the reset reads: an AMQP_URL it never uses, or a TICKETS_TOTAL the flag replaces, must not stop it.
  const read = { DATABASE_PATH: env.DATABASE_PATH, TICKETS_TOTAL: env.TICKETS_TOTAL, LOG_LEVEL: env.LOG_LEVEL };
  const config = loadConfig({ ...read, ...(total !== undefined && { TICKETS_TOTAL: String(total) }) }, cwd);
  return {
    kind: "reset",
    total: config.ticketsTotal,
    databasePath: config.databasePath,
    // The store's "open" line would only clutter a one-line answer, unless LOG_LEVEL asks for it.
    logLevel: env.LOG_LEVEL === undefined || env.LOG_LEVEL === "" ? "warn" : config.logLevel,
  };
}
