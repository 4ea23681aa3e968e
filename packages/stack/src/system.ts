import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import { SITE_PORTS } from "@repo/vite-config/site-ports";
import type { BrokerNode } from "./broker/broker-node.js";
import { DEFAULT_BROKER_PORTS } from "./broker/node-configuration.js";
import { isPortTaken } from "./ports.js";
import type { ManagedProcess } from "./processes.js";
import { startNodeProcess, stopUnlessReady, waitForHttp } from "./processes.js";
import { repoRoot } from "./repo-root.js";

/** Each country's name, as the URL table and messages say it. */
export const COUNTRY_NAMES: Record<Country, string> = { fr: "France", de: "Germany", gb: "Great Britain", es: "Spain" };

/** The consumer's /healthz and /metrics port. */
export const DEFAULT_CONSUMER_HTTP_PORT = 9464;

/** What sets the consumer's HTTP port for `stack start` and `stack dev`. */
export const CONSUMER_HTTP_PORT_VARIABLE = "CONSUMER_HTTP_PORT";

/** A port the system listens on, and what for. */
export interface ServicePort {
  port: number;
  what: string;
}

/** The ports the consumer and the four sites of `stack start` and `stack dev` listen on. */
export function systemPorts(consumerHttpPort: number): ServicePort[] {
  return [
    { port: consumerHttpPort, what: `consumer health and metrics; ${CONSUMER_HTTP_PORT_VARIABLE}=… moves it` },
    ...COUNTRIES.map((country) => ({ port: SITE_PORTS[country], what: `${COUNTRY_NAMES[country]} site` })),
  ];
}

/**
 * Fails, naming each port another program already listens on, before
 * anything starts. Started anyway, the consumer or a site would fail on its
 * port while its readiness check got the other program's answer (another
 * `pnpm start`, say) and passed.
 */
export async function requireFreePorts(ports: readonly ServicePort[], isTaken: (port: number) => Promise<boolean> = isPortTaken): Promise<void> {
  const taken: ServicePort[] = [];
  for (const service of ports) if (await isTaken(service.port)) taken.push(service);
  const [first] = taken;
  if (first === undefined) return;
  throw new Error(
    `Another program already listens on ${taken.map(({ port, what }) => `127.0.0.1:${port} (${what})`).join(", ")}.\n` +
      "Is `pnpm start` or `pnpm dev` running in another terminal? Stop it with Ctrl-C. " +
      `Otherwise \`ss -ltnp 'sport = :${first.port}'\` names the program.`,
  );
}

/** Sites are built for the default Web-STOMP URL; a node elsewhere is named in the page URL instead. */
const DEFAULT_WEB_STOMP_URL = `ws://127.0.0.1:${DEFAULT_BROKER_PORTS.webStomp}/ws`;

/** The address to open a site at, pointing it at the given node when that is not the default one. */
export function siteUrl(port: number, broker: BrokerNode): string {
  const base = `http://127.0.0.1:${port}/`;
  return broker.webStompUrl === DEFAULT_WEB_STOMP_URL ? base : `${base}?broker=${encodeURIComponent(broker.webStompUrl)}`;
}

function requireBuilt(file: string, what: string): void {
  if (!existsSync(file)) throw new Error(`${what} is not built (${file} is missing): run \`pnpm build\` first.`);
}

export interface ConsumerOptions {
  /** The consumer's AMQP URL, credentials and vhost included. */
  amqpUrl: string;
  httpPort: number;
  /** SQLite file; the consumer's default when absent. */
  databasePath?: string;
  logFile?: string;
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /**
   * Whether the consumer's own settings (CONSUMER_SETTINGS) come from this
   * process's environment: for `pnpm start`, which the README lets people
   * tune that way. Tests and the benchmark leave it off and get the defaults
   * plus their `env`, whatever the shell they run in exported.
   */
  settingsFromShell?: boolean;
  /** Flags for Node itself, before the entry point; for those NODE_OPTIONS refuses, such as --cpu-prof. */
  nodeArgs?: readonly string[];
  /** A stop request: ends the wait for the consumer to get ready, and stops it. */
  signal?: AbortSignal;
}

/**
 * The environment variables the consumer reads its settings from
 * (consumer/src/config.ts; a test there keeps the two lists equal).
 */
export const CONSUMER_SETTINGS = ["AMQP_URL", "HTTP_HOST", "HTTP_PORT", "DATABASE_PATH", "TICKETS_TOTAL", "STOCK_INTERVAL_MS", "LOG_LEVEL"] as const;

/** An environment less the named variables, for a child that must not inherit them. */
export function withoutVariables(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

/** Where to reach the consumer's /healthz: the address it listens on, or loopback when that is every address. */
function healthHost(httpHost: string | undefined): string {
  if (httpHost === undefined || httpHost === "" || httpHost === "0.0.0.0" || httpHost === "::") return "127.0.0.1";
  return httpHost.includes(":") ? `[${httpHost}]` : httpHost;
}

/** Starts the built consumer and waits until /healthz says it consumes all four queues and the broker has confirmed a stock broadcast. */
export async function startConsumer(options: ConsumerOptions): Promise<ManagedProcess> {
  const consumerDir = join(repoRoot(), "consumer");
  const entry = join(consumerDir, "dist", "index.js");
  requireBuilt(entry, "The consumer");
  const env: NodeJS.ProcessEnv = {
    ...(options.settingsFromShell === true ? process.env : withoutVariables(process.env, CONSUMER_SETTINGS)),
    ...options.env,
    AMQP_URL: options.amqpUrl,
    HTTP_PORT: String(options.httpPort),
  };
  if (options.databasePath !== undefined) env.DATABASE_PATH = options.databasePath;
  const consumer = startNodeProcess("consumer", entry, {
    nodeArgs: options.nodeArgs,
    cwd: consumerDir,
    env,
    ...(options.logFile !== undefined && { logFile: options.logFile }),
    ...(options.onLine !== undefined && { onLine: options.onLine }),
  });
  await stopUnlessReady(consumer, waitForHttp(`http://${healthHost(env.HTTP_HOST)}:${options.httpPort}/healthz`, { process: consumer, timeoutMs: 60_000, signal: options.signal }));
  return consumer;
}

/**
 * Serves a site's production build with `vite preview` and waits until it
 * answers. Vite runs as a Node child of this process (its own script, not
 * the pnpm shim), so it stops by itself when this process dies.
 */
export async function startSitePreview(country: Country, port: number, logFile?: string, signal?: AbortSignal): Promise<ManagedProcess> {
  const siteDir = join(repoRoot(), "sites", country);
  requireBuilt(join(siteDir, "dist", "index.html"), `The ${country} site`);
  const vite = join(siteDir, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) throw new Error(`Vite is not installed for the ${country} site (${vite} is missing): run \`pnpm install\` first.`);
  const site = startNodeProcess(`site-${country}`, vite, {
    args: ["preview", "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
    cwd: siteDir,
    ...(logFile !== undefined && { logFile }),
  });
  await stopUnlessReady(site, waitForHttp(`http://127.0.0.1:${port}/`, { process: site, signal }));
  return site;
}
