import type { Country } from "@repo/contract";
import { purchaseQueue, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import type { TestBrokerUrls } from "./environment.js";
import { testBrokerNode } from "./environment.js";

interface QueueInfo {
  consumers: number;
  messages: number;
  message_stats?: { publish?: number; ack?: number; deliver_get?: number };
}

/** Reads a country queue through the management HTTP API, as an operator watching it would. */
async function countryQueue(broker: TestBrokerUrls, country: Country): Promise<QueueInfo> {
  const response = await testBrokerNode(broker).managementApi(`api/queues/${encodeURIComponent(VHOST)}/${encodeURIComponent(purchaseQueue(country))}`);
  return (await response.json()) as QueueInfo;
}

/** Messages published into a country queue since the broker started (sampled every few seconds by the broker). */
export async function publishedTo(broker: TestBrokerUrls, country: Country): Promise<number> {
  return (await countryQueue(broker, country)).message_stats?.publish ?? 0;
}

interface ConnectionInfo {
  name: string;
  user: string;
}

/**
 * Closes every connection of a login, as an operator (or a broker that goes
 * away) would, and says how many there were. The broker lists a connection
 * a few seconds after it opens, so callers poll until this is above zero.
 */
export async function closeConnectionsOf(brokerNode: BrokerNode, login: string): Promise<number> {
  const connections = (await (await brokerNode.managementApi("api/connections?columns=name,user")).json()) as ConnectionInfo[];
  const ours = connections.filter(({ user }) => user === login);
  for (const { name } of ours) await brokerNode.managementApi(`api/connections/${encodeURIComponent(name)}`, { method: "DELETE" });
  return ours.length;
}
