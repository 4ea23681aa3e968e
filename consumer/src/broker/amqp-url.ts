/**
 * What amqplib makes of an AMQP URL, checked before it gets the chance:
 * it fills in whatever is missing instead of refusing it. Without a host
 * it connects to localhost (as guest, when the URL has no credentials
 * either), without a path to the default vhost `/`, and it reads its
 * numeric settings with parseInt, so `heartbeat=abc` becomes NaN.
 */

/** The numeric settings amqplib reads from the query string, and the largest value each field of the AMQP handshake holds. */
const INTEGER_SETTINGS = {
  heartbeat: 65_535,
  channelMax: 65_535,
  frameMax: 4_294_967_295,
  maxFrameSize: 4_294_967_295,
} as const;

/**
 * Every reason `url` is not a complete AMQP URL: the protocol `amqp:` or
 * `amqps:`, a host, a vhost path (`/%2F` names the default vhost `/`), and
 * whole numbers for the settings amqplib reads from the query. Empty when
 * it is fine.
 */
export function amqpUrlProblems(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ["must be an amqp:// or amqps:// URL, such as amqp://user:password@host:5672/vhost"];
  }
  const problems: string[] = [];
  if (parsed.protocol !== "amqp:" && parsed.protocol !== "amqps:") problems.push(`must use amqp: or amqps:, not ${parsed.protocol}`);
  if (parsed.hostname === "") problems.push("names no host (amqplib would connect to localhost)");
  // amqplib takes the path after its first slash as the vhost, and an empty one as "/": say which vhost, always.
  if (parsed.pathname.length <= 1) problems.push("names no vhost (amqplib would use the default vhost /; write /%2F if that is the one meant)");
  for (const [name, max] of Object.entries(INTEGER_SETTINGS)) {
    const value = parsed.searchParams.get(name);
    if (value !== null && !isIntegerUpTo(value, max)) problems.push(`${name} must be an integer from 0 to ${max}, not ${JSON.stringify(value)}`);
  }
  return problems;
}

/**
 * The URL with `heartbeat` set to `seconds`, unless it sets one itself.
 * Without one amqplib takes the broker's (60 s on RabbitMQ), so a
 * connection whose peer vanished without closing it goes unnoticed for
 * two minutes or more; amqplib reads the setting from the URL only.
 */
export function withDefaultHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (parsed.searchParams.has("heartbeat")) return url;
  parsed.searchParams.set("heartbeat", String(seconds));
  return parsed.toString();
}

/** The URL with its password, if any, replaced by `***`: fit for a log line. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

function isIntegerUpTo(value: string, max: number): boolean {
  return /^\d+$/.test(value) && Number(value) <= max;
}
