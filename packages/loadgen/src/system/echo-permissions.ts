import type { Country } from "@repo/contract";
import { COUNTRIES, purchaseRoutingKey, siteLogin, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { ECHO_EXCHANGE } from "../baseline/echo-queues.js";

interface Permission {
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

/** A write permission that also lets the user publish to the echo exchange; anything it allowed before stays allowed. */
export function withEchoExchange(write: string): string {
  return `^${ECHO_EXCHANGE.replaceAll(".", "\\.")}$|${write}`;
}

/**
 * Lets each site login publish its own country's routing key to the echo
 * exchange, as it may to the purchases exchange: the same permission checks
 * on the way in, so the Web-STOMP echo differs from ours only in the
 * consumer. On the bench's own node only; returns what it changed, for the
 * report.
 */
export async function letSitesReachTheEcho(node: BrokerNode): Promise<string[]> {
  const changes: string[] = [];
  for (const country of COUNTRIES as readonly Country[]) {
    const login = siteLogin(country);
    const permissions = JSON.parse(await node.ctl("list_user_permissions", login, "--formatter", "json", "--quiet")) as Permission[];
    const current = permissions.find(({ vhost }) => vhost === VHOST);
    if (current === undefined) throw new Error(`${login} has no permissions on vhost ${VHOST}`);
    await node.ctl("set_permissions", "-p", VHOST, login, current.configure, withEchoExchange(current.write), current.read);
    const key = `^${purchaseRoutingKey(country).replaceAll(".", "\\.")}$`;
    await node.ctl("set_topic_permissions", "-p", VHOST, login, ECHO_EXCHANGE, key, "^$");
    changes.push(`user ${login} may publish ${purchaseRoutingKey(country)} to ${ECHO_EXCHANGE} (the Web-STOMP echo's way in)`);
  }
  return changes;
}
