import type { Country } from "@repo/contract";
import { siteLogin, VHOST } from "@repo/contract";
import type { BrokerConfig } from "./site-config.js";

/** The local broker's Web-STOMP endpoint (`pnpm broker:start`). */
const DEFAULT_BROKER_URL = "ws://127.0.0.1:15674/ws";

/** Query parameter that points an already-built site at another broker, e.g. `?broker=ws://127.0.0.1:40123/ws`. */
const BROKER_QUERY_PARAMETER = "broker";

/** A complete set of connection settings. */
export interface BrokerSettings {
  readonly url: string;
  /**
   * STOMP login: always the site's own (`site-<cc>`), because every purchase
   * carries it as its `user-id`, which the broker checks against the login
   * and the consumer against the country. Site logins are public by nature:
   * the broker only lets them publish their own country's purchases.
   */
  readonly login: string;
  readonly passcode: string;
  /** Virtual host, sent as the STOMP `host` header. */
  readonly vhost: string;
}

function isWebSocketUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "ws:" || url.protocol === "wss:";
  } catch {
    return false;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Reads the broker settings a Vite build was given (`VITE_BROKER_URL`,
 * `VITE_STOMP_PASSCODE`). Pass `import.meta.env`.
 */
export function brokerFromEnv(env: Readonly<Record<string, unknown>>): BrokerConfig {
  return {
    url: nonEmpty(env.VITE_BROKER_URL),
    passcode: nonEmpty(env.VITE_STOMP_PASSCODE),
  };
}

/** Hosts that are this machine: a page cannot be lured from them by a link. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A broker URL given in the page's query string (`?broker=ws://…`). Tests
 * start brokers on random ports and serve the already-built site, so the URL
 * must be changeable at runtime. It is honoured only for a ws:// or wss://
 * URL on this machine (loopback) or on the page's own host: a shared link
 * must not point a public site at someone else's broker, which could answer
 * "confirmed" to orders it will never sell.
 */
export function brokerOverride(search: string, pageHostname: string): string | undefined {
  const value = nonEmpty(new URLSearchParams(search).get(BROKER_QUERY_PARAMETER));
  if (value === undefined || !isWebSocketUrl(value)) return undefined;
  const { hostname } = new URL(value);
  return isLoopback(hostname) || hostname === pageHostname ? value : undefined;
}

/** Completes a site's broker configuration with the local broker and the site's own login. */
export function resolveBroker(country: Country, config: BrokerConfig | undefined): BrokerSettings {
  const login = siteLogin(country);
  return {
    url: nonEmpty(config?.url) ?? DEFAULT_BROKER_URL,
    login,
    passcode: nonEmpty(config?.passcode) ?? login,
    vhost: VHOST,
  };
}
