import { parseArgs } from "node:util";
import type { Country } from "@repo/contract";
import { COUNTRIES, isCountry, perCountry, STOCK_INTERVAL_RANGE_MS } from "@repo/contract";
import { assignCountries } from "./load/country-mix.js";
import { FALLBACK_STEADY_RATE } from "./scenarios/steady-rate.js";

/** What the bench can run, in the order it runs them. */
export const SCENARIOS = ["max", "steady", "flood", "connections"] as const;

export type ScenarioName = (typeof SCENARIOS)[number];

/** Relative weight of each country in the traffic. */
export type CountryMix = Record<Country, number>;

export interface BenchOptions {
  scenarios: ScenarioName[];
  /** Measured time of each load phase; max splits it over its rounds. */
  durationMs: number;
  /** Rounds of max: each measures every system once, in alternating order, so drift on the machine hits all of them alike. */
  rounds: number;
  /** Load before each measured phase, not counted: JIT, connection and queue warm-up. */
  warmupMs: number;
  /** Simulated browsers in steady, max and flood. */
  connections: number;
  /** Purchases each browser keeps waiting for an answer when it buys as fast as it can. */
  inFlight: number;
  /**
   * Purchases/s of `steady`. When absent: half the ceiling max measured; without a ceiling (no baseline), half
   * our max; without max in the run, a fixed FALLBACK_STEADY_RATE.
   */
  rate: number | undefined;
  mix: CountryMix;
  /** The country that floods in `flood`. */
  floodCountry: Country;
  /** Idle site connections `connections` holds. */
  idleConnections: number;
  /** How many of the idle connections then buy, spread over the countries by the mix. */
  buyers: number;
  /** A purchase without its confirmation after this long counts as timed out. */
  timeoutMs: number;
  /** Whether to measure the amqplib echo ceiling alongside. */
  baseline: boolean;
  /** Where results.json, results.md and chart.svg go. */
  outDir: string;
  /** Keep the consumer's database and log instead of deleting them. */
  keepFiles: boolean;
  /** Browsers subscribe to the live stock, as the sites do. */
  stockFeed: boolean;
  /** Where the consumer writes a V8 CPU profile (node --cpu-prof) when it stops; none when absent. */
  profileDir: string | undefined;
  /**
   * The consumer's STOCK_INTERVAL_MS; its own default when absent. The bench
   * never takes the consumer's settings from the shell, so that a variable
   * left exported cannot change a run unseen: this is how a run tries another.
   */
  stockIntervalMs: number | undefined;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  scenarios: [...SCENARIOS],
  durationMs: 10_000,
  rounds: 3,
  warmupMs: 2_000,
  connections: 40,
  inFlight: 4,
  rate: undefined,
  // Every country alike.
  mix: perCountry(() => 1),
  floodCountry: "fr",
  idleConnections: 1_000,
  buyers: 100,
  timeoutMs: 10_000,
  baseline: true,
  outDir: "bench-results",
  keepFiles: false,
  stockFeed: true,
  profileDir: undefined,
  stockIntervalMs: undefined,
};

/** An hour per phase: `--duration 30000`, typed in milliseconds, would run for days. */
const LONGEST_PHASE_S = 3_600;

/** A purchase's timeout and a warm-up: ten minutes is already far beyond any answer or warm-up worth the name. */
const LONGEST_WAIT_S = 600;

export const USAGE = `Usage: loadgen [options]

Boots its own RabbitMQ node and the real consumer, simulates browsers over
Web-STOMP, measures the broker's own request/reply ceiling with amqplib in the
same run, and writes results.json, results.md and chart.svg.

  --scenario <list>       comma-separated: ${SCENARIOS.join(", ")} (default: all)
  --duration <s>          measured seconds per load phase, at most ${LONGEST_PHASE_S} (default ${DEFAULT_OPTIONS.durationMs / 1000})
  --rounds <n>            max alternates its systems this many times, sharing --duration (default ${DEFAULT_OPTIONS.rounds})
  --warmup <s>            unmeasured seconds before each phase, at most ${LONGEST_WAIT_S} (default ${DEFAULT_OPTIONS.warmupMs / 1000})
  --connections <n>       browsers in steady, max and flood (default ${DEFAULT_OPTIONS.connections})
  --in-flight <n>         unanswered purchases per browser when buying flat out (default ${DEFAULT_OPTIONS.inFlight})
  --rate <n>              purchases/s in steady (default: half the ceiling max measured; with
                          --no-baseline half our max; without max in the run a fixed ${FALLBACK_STEADY_RATE}/s)
  --mix <cc=w,...>        country weights (default ${COUNTRIES.map((country) => `${country}=1`).join(",")})
  --flood-country <cc>    who floods in the flood scenario; needs browsers, so a weight in --mix (default ${DEFAULT_OPTIONS.floodCountry})
  --idle-connections <n>  connections held in the connections scenario (default ${DEFAULT_OPTIONS.idleConnections})
  --buyers <n>            of those, how many then buy, spread over the countries by --mix;
                          fewer than one per country leaves some country without a buyer (default ${DEFAULT_OPTIONS.buyers})
  --timeout <s>           a purchase unanswered this long is a timeout, at most ${LONGEST_WAIT_S} (default ${DEFAULT_OPTIONS.timeoutMs / 1000})
  --no-baseline           skip the baselines: the amqplib echo ceiling and the Web-STOMP echo
  --out <dir>             results folder (default ${DEFAULT_OPTIONS.outDir})
  --keep-files            keep the consumer's SQLite file and log
  --no-stock-feed         browsers do not subscribe to the live stock (sites do)
  --profile-consumer <d>  write the consumer's CPU profile (node --cpu-prof) into folder d
  --stock-interval <ms>   the consumer's STOCK_INTERVAL_MS, from ${STOCK_INTERVAL_RANGE_MS.min} to ${STOCK_INTERVAL_RANGE_MS.max} (default: the consumer's own);
                          the bench ignores consumer settings exported in the shell
  --help                  this text`;

/** A command line the bench cannot run; the message says which flag. */
export class OptionsError extends Error {
  readonly code = "ERR_OPTIONS";
  override readonly name = "OptionsError";
}

interface Quantity {
  /** What the flag's value is multiplied by: 1000 turns seconds into the milliseconds the bench counts. */
  scale?: number;
  /** What the scaled, rounded value counts, for the message: "ms", "purchases/s". */
  unit?: string;
  /** What the flag itself is given in, when not the same: "s". */
  flagUnit?: string;
  integer?: boolean;
  /** 0 means "none" (a warm-up); everywhere else it would measure nothing or divide by it. */
  zeroAllowed?: boolean;
  /** The largest value, in the flag's own unit: beyond it is a slip (milliseconds typed for seconds), not a wish. */
  max?: number;
}

/**
 * A flag's number, scaled and rounded as the bench uses it. The rounded value
 * is what gets checked: 0.4/s would otherwise pass and send nothing, and
 * 0.0004 s become a window of 0 ms.
 */
function quantity(
  flag: string,
  raw: string | undefined,
  fallback: number,
  { scale = 1, unit = "", flagUnit = unit, integer = true, zeroAllowed = false, max }: Quantity = {},
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0) || (integer && !Number.isInteger(value))) {
    throw new OptionsError(`--${flag} ${raw}: expected a ${zeroAllowed ? "non-negative" : "positive"} ${integer ? "integer" : "number"}`);
  }
  if (max !== undefined && value > max) {
    throw new OptionsError(`--${flag} ${raw}: expected at most ${max} ${flagUnit}`.trimEnd());
  }
  const rounded = Math.round(value * scale);
  if (rounded === 0 && !zeroAllowed) {
    throw new OptionsError(`--${flag} ${raw}: rounds to 0 ${unit}; expected at least ${1 / scale} ${flagUnit}`);
  }
  return rounded;
}

const SECONDS: Quantity = { scale: 1000, unit: "ms", flagUnit: "s", integer: false };

function parseScenarios(raw: string | undefined): ScenarioName[] {
  if (raw === undefined) return [...SCENARIOS];
  const names = raw.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    const named = unknown.length > 0 ? ` no scenario is called ${unknown.join(", ")};` : "";
    throw new OptionsError(`--scenario ${raw}:${named} expected some of ${SCENARIOS.join(", ")}`);
  }
  // The run order is fixed: steady's default rate comes from max's ceiling.
  return SCENARIOS.filter((name) => names.includes(name));
}

function parseMix(raw: string | undefined): CountryMix {
  if (raw === undefined) return { ...DEFAULT_OPTIONS.mix };
  // Nothing weighted until the flag names it.
  const mix: CountryMix = perCountry(() => 0);
  for (const part of raw.split(",")) {
    const [country, weight] = part.split("=").map((piece) => piece.trim());
    // Number("") is 0: an empty weight is a typo, not a country left out.
    const value = weight === undefined || weight === "" ? NaN : Number(weight);
    if (!isCountry(country) || !Number.isFinite(value) || value < 0) {
      throw new OptionsError(`--mix ${raw}: expected cc=weight pairs, cc one of ${COUNTRIES.join(", ")}`);
    }
    mix[country] = value;
  }
  if (COUNTRIES.every((country) => mix[country] === 0)) throw new OptionsError(`--mix ${raw}: every weight is 0`);
  return mix;
}

/** Checked here, as the consumer would: one it refuses would fail the run only once the node had booted. */
function parseStockInterval(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const { min, max } = STOCK_INTERVAL_RANGE_MS;
  const interval = quantity("stock-interval", raw, 0, { unit: "ms" });
  if (interval < min || interval > max) throw new OptionsError(`--stock-interval ${raw}: expected ${min} to ${max} ms, the consumer's STOCK_INTERVAL_MS range`);
  return interval;
}

const FLAGS = {
  scenario: { type: "string" },
  duration: { type: "string" },
  rounds: { type: "string" },
  warmup: { type: "string" },
  connections: { type: "string" },
  "in-flight": { type: "string" },
  rate: { type: "string" },
  mix: { type: "string" },
  "flood-country": { type: "string" },
  "idle-connections": { type: "string" },
  buyers: { type: "string" },
  timeout: { type: "string" },
  "no-baseline": { type: "boolean" },
  out: { type: "string" },
  "keep-files": { type: "boolean" },
  "no-stock-feed": { type: "boolean" },
  "profile-consumer": { type: "string" },
  "stock-interval": { type: "string" },
  help: { type: "boolean" },
} as const;

/**
 * Joins a flag and the negative number after it (`--duration -5`) into one
 * argument, which Node's parser would call "ambiguous": the number is then
 * refused as the bad value it is, like `--duration=-5`.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    const next = argv[index + 1];
    const name = arg.slice(2);
    const takesValue = arg.startsWith("--") && Object.hasOwn(FLAGS, name) && FLAGS[name as keyof typeof FLAGS].type === "string";
    if (takesValue && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: joinNegativeValues(argv), strict: true, allowPositionals: false, options: FLAGS }).values;
  } catch (error) {
    // Unknown flags, missing values: Node's own message names the flag.
    throw new OptionsError(error instanceof Error ? error.message : String(error));
  }
}

/** Reads the command line; undefined means --help was asked for. Throws OptionsError on a bad flag. */
export function parseOptions(argv: readonly string[]): BenchOptions | undefined {
  const values = readFlags(argv);
  if (values.help === true) return undefined;
  const floodCountry = values["flood-country"] ?? DEFAULT_OPTIONS.floodCountry;
  if (!isCountry(floodCountry)) throw new OptionsError(`--flood-country ${floodCountry}: expected one of ${COUNTRIES.join(", ")}`);
  const idleConnections = quantity("idle-connections", values["idle-connections"], DEFAULT_OPTIONS.idleConnections);
  const buyers = quantity("buyers", values.buyers, Math.min(DEFAULT_OPTIONS.buyers, idleConnections));
  if (buyers > idleConnections) throw new OptionsError(`--buyers ${buyers}: more than the ${idleConnections} idle connections`);
  const connections = quantity("connections", values.connections, DEFAULT_OPTIONS.connections);
  if (connections < COUNTRIES.length) throw new OptionsError(`--connections ${connections}: at least one per country (${COUNTRIES.length})`);
  const scenarios = parseScenarios(values.scenario);
  const mix = parseMix(values.mix);
  if (scenarios.includes("flood") && !assignCountries(connections, mix).includes(floodCountry)) {
    throw new OptionsError(
      `--flood-country ${floodCountry}: gets none of the ${connections} browsers with --mix ${values.mix ?? "(default)"}; give it a weight or flood another country`,
    );
  }
  return {
    scenarios,
    durationMs: quantity("duration", values.duration, DEFAULT_OPTIONS.durationMs, { ...SECONDS, max: LONGEST_PHASE_S }),
    rounds: quantity("rounds", values.rounds, DEFAULT_OPTIONS.rounds),
    warmupMs: quantity("warmup", values.warmup, DEFAULT_OPTIONS.warmupMs, { ...SECONDS, zeroAllowed: true, max: LONGEST_WAIT_S }),
    connections,
    inFlight: quantity("in-flight", values["in-flight"], DEFAULT_OPTIONS.inFlight),
    rate: values.rate === undefined ? undefined : quantity("rate", values.rate, 0, { unit: "purchases/s", integer: false }),
    mix,
    floodCountry,
    idleConnections,
    buyers,
    timeoutMs: quantity("timeout", values.timeout, DEFAULT_OPTIONS.timeoutMs, { ...SECONDS, max: LONGEST_WAIT_S }),
    baseline: values["no-baseline"] !== true,
    outDir: values.out ?? DEFAULT_OPTIONS.outDir,
    keepFiles: values["keep-files"] === true,
    stockFeed: values["no-stock-feed"] !== true,
    profileDir: values["profile-consumer"],
    stockIntervalMs: parseStockInterval(values["stock-interval"]),
  };
}
