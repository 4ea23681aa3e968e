import type { Country } from "@repo/contract";
import { COUNTRIES, siteLogin, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";

/** What the bench will hold open at its peak. */
export interface BenchNeeds {
  /** Site connections of one site login at once. */
  connectionsPerSite: number;
  /** Connections in the vhost at once, all users. */
  connections: number;
  /** Queues in the vhost at once, temp queues included. */
  queues: number;
}

type Limits = Record<string, number>;

/** rabbitmqctl list_*_limits prints a title line, then the limits as one JSON object (nothing when none are set). */
export function parseLimits(output: string): Limits {
  const json = output.split("\n").find((line) => line.trim().startsWith("{"));
  if (json === undefined) return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== "object" || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
}

/** Limits a run needs raised: the limit, its current value and the value the bench needs. A negative limit means none. */
export function shortfalls(current: Limits, needed: Limits): Limits {
  const raise: Limits = {};
  for (const [name, value] of Object.entries(needed)) {
    const limit = current[name];
    if (limit !== undefined && limit >= 0 && limit < value) raise[name] = value;
  }
  return raise;
}

/**
 * The production limits (rabbitmq/definitions.json) guard a public broker
 * against abusive browsers; a bench holding many connections from one
 * machine can exceed them. Raises what is short, on the bench's own node
 * only, and says what it changed so the report can state it.
 */
export async function raiseLimitsFor(node: BrokerNode, needs: BenchNeeds): Promise<string[]> {
  const changes: string[] = [];
  const perSite = { "max-connections": needs.connectionsPerSite, "max-channels": needs.connectionsPerSite };
  for (const country of COUNTRIES as readonly Country[]) {
    const login = siteLogin(country);
    const current = parseLimits(await node.ctl("list_user_limits", "--user", login));
    const raise = shortfalls(current, perSite);
    if (Object.keys(raise).length === 0) continue;
    await node.ctl("set_user_limits", login, JSON.stringify(raise));
    changes.push(`user ${login}: ${describe(current, raise)}`);
  }
  const current = parseLimits(await node.ctl("list_vhost_limits", "-p", VHOST));
  const raise = shortfalls(current, { "max-connections": needs.connections, "max-queues": needs.queues });
  if (Object.keys(raise).length > 0) {
    // set_vhost_limits replaces the whole set: keep the limits that need no change.
    await node.ctl("set_vhost_limits", "-p", VHOST, JSON.stringify({ ...current, ...raise }));
    changes.push(`vhost ${VHOST}: ${describe(current, raise)}`);
  }
  return changes;
}

function describe(current: Limits, raise: Limits): string {
  return Object.entries(raise)
    .map(([name, value]) => `${name} ${current[name] ?? "none"} → ${value}`)
    .join(", ");
}
