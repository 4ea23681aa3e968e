import { msUntilNextSecond, secondsUntil } from "./reconnect.js";

/** Where a site's broker connection stands, as shown by the badge and its `data-state`. */
export const CONNECTION_STATES = {
  /** First attempt under way. */
  connecting: "connecting",
  /** Connected: buying works. */
  online: "online",
  /** The connection was lost; trying again. */
  reconnecting: "reconnecting",
  /** Never reached the broker yet (retrying in the background), or stopped. */
  offline: "offline",
} as const;

export type ConnectionState = (typeof CONNECTION_STATES)[keyof typeof CONNECTION_STATES];

/**
 * What the badge says of the next attempt. Nothing while connecting or
 * online: an attempt is under way, or none is needed. Otherwise the site
 * keeps trying, and says so: when the next attempt starts (`waiting`,
 * whole seconds rounded up, and when that figure next changes), or that
 * one is under way (`trying`); or, while the browser says it has no
 * network, that it waits for the network (`no-network`): a countdown to
 * an attempt bound to fail, and a Retry now that fails each press, would
 * only tell the buyer it is the site's fault.
 */
export type RetryNotice =
  | { readonly kind: "none" }
  | { readonly kind: "waiting"; readonly seconds: number; readonly nextChangeInMs: number }
  | { readonly kind: "trying" }
  | { readonly kind: "no-network" };

/**
 * The badge's notice for `state`, the next attempt at `nextAttemptAt`
 * (undefined while one is under way), and the time `now`, both by the
 * page's clock; `networkGone` when the browser says it has no network.
 */
export function retryNotice(state: ConnectionState, nextAttemptAt: number | undefined, now: number, networkGone: boolean): RetryNotice {
  if (state === CONNECTION_STATES.connecting || state === CONNECTION_STATES.online) return { kind: "none" };
  if (networkGone) return { kind: "no-network" };
  if (nextAttemptAt === undefined || nextAttemptAt <= now) return { kind: "trying" };
  return { kind: "waiting", seconds: secondsUntil(nextAttemptAt, now), nextChangeInMs: msUntilNextSecond(nextAttemptAt, now) };
}
