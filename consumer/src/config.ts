import { resolve } from "node:path";
import { STOCK_INTERVAL_RANGE_MS } from "@repo/contract";
import * as v from "valibot";
import { amqpUrlProblems } from "./broker/amqp-url.js";
import { DEFAULT_MIN_INTERVAL_MS } from "./inventory/stock-broadcaster.js";

/** pino's levels, plus `silent`, which the tests use. */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the service reads from its environment, parsed once at startup. */
export interface Config {
  /** AMQP 0-9-1 URL of the broker: host, credentials and vhost (checked to be there), and any settings amqplib reads from the query. */
  amqpUrl: string;
  /** Interface the health and metrics endpoint listens on. */
  httpHost: string;
  /** Port of the health and metrics endpoint; 0 lets the OS pick one (the bound port is logged). */
  httpPort: number;
  /** Absolute path of the SQLite file; its folder is created if missing. */
  databasePath: string;
  /** Tickets for sale when the store is created; ignored once the store exists. */
  ticketsTotal: number;
  /** While orders sell, at most one stock broadcast per this many milliseconds. */
  stockIntervalMs: number;
  logLevel: LogLevel;
}

/** A startup failure the operator must fix; the service refuses to run rather than guess. */
export class ConfigError extends Error {
  readonly code = "ERR_CONFIG";
  override readonly name = "ConfigError";
}

const integerString = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `must be an integer from ${min} to ${max}`),
    v.transform(Number),
    v.number(),
    v.minValue(min, `must be an integer from ${min} to ${max}`),
    v.maxValue(max, `must be an integer from ${min} to ${max}`),
  );

/** Tickets for sale: TICKETS_TOTAL, and the `--total` of stock:reset. */
const ticketCount = integerString(0, Number.MAX_SAFE_INTEGER);

/** A URL amqplib would complete with a guess (localhost, vhost /, NaN) stops the start instead: see amqp-url.ts. */
const amqpUrl = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const problem of amqpUrlProblems(dataset.value)) addIssue({ message: problem });
  }),
);

const EnvSchema = v.object({
  AMQP_URL: v.optional(amqpUrl, "amqp://consumer:consumer@127.0.0.1:5672/tickets"),
  HTTP_HOST: v.optional(v.pipe(v.string(), v.minLength(1)), "127.0.0.1"),
  HTTP_PORT: v.optional(integerString(0, 65_535), "9464"),
  DATABASE_PATH: v.optional(v.pipe(v.string(), v.minLength(1)), "data/tickets.sqlite"),
  TICKETS_TOTAL: v.optional(ticketCount, "100000"),
  STOCK_INTERVAL_MS: v.optional(integerString(STOCK_INTERVAL_RANGE_MS.min, STOCK_INTERVAL_RANGE_MS.max), String(DEFAULT_MIN_INTERVAL_MS)),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`), "info"),
});

/**
 * A number of tickets given as a command-line flag (stock:reset's
 * `--total`), by TICKETS_TOTAL's rule. An empty value is refused, not
 * taken as unset the way an empty variable is: given to loadConfig it
 * would fall back to a default the operator never chose.
 */
export function parseTicketCount(flag: string, value: string): number {
  if (value === "") throw new ConfigError(`${flag}: must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, not empty (leave ${flag} out to use TICKETS_TOTAL)`);
  const result = v.safeParse(ticketCount, value);
  if (!result.success) throw new ConfigError(`${flag}: ${result.issues[0].message}, not ${JSON.stringify(value)}`);
  return result.output;
}

/** The environment variables the settings come from; the stack keeps test consumers from inheriting them (CONSUMER_SETTINGS). */
export const SETTING_NAMES = Object.keys(EnvSchema.entries);

/**
 * Reads the configuration from environment variables. An empty variable
 * counts as unset, so `HTTP_PORT= pnpm start` means the default. Throws a
 * ConfigError naming every bad variable at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = v.safeParse(EnvSchema, set);
  if (!result.success) {
    const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? "environment"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const parsed = result.output;
  return {
    amqpUrl: parsed.AMQP_URL,
    httpHost: parsed.HTTP_HOST,
    httpPort: parsed.HTTP_PORT,
    databasePath: resolve(cwd, parsed.DATABASE_PATH),
    ticketsTotal: parsed.TICKETS_TOTAL,
    stockIntervalMs: parsed.STOCK_INTERVAL_MS,
    logLevel: parsed.LOG_LEVEL,
  };
}
