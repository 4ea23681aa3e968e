import { expect } from "@playwright/test";
import type { Country } from "@repo/contract";
import { purchaseQueue, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import type { TestBrokerUrls } from "./environment.js";
import { testBrokerNode } from "./environment.js";

interface QueueInfo {
  message_stats?: { publish?: number };
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

async function connectionsOf(brokerNode: BrokerNode, login: string): Promise<ConnectionInfo[]> {
  const connections = (await (await brokerNode.managementApi("api/connections?columns=name,user")).json()) as ConnectionInfo[];
  return connections.filter(({ user }) => user === login);
}

/**
 * Closes every connection of a login, as an operator (or a broker that goes
 * away) would, once: the broker lists a connection a few seconds after it
 * opens, so this waits for the list to name one, then closes what it named.
 * Closing again would also close the reconnect, a second failure for the
 * page's backoff. A connection that went by itself meanwhile is fine.
 */
export async function closeConnectionsOf(brokerNode: BrokerNode, login: string): Promise<void> {
  let ours: ConnectionInfo[] = [];
  await expect
    .poll(async () => (ours = await connectionsOf(brokerNode, login)).length, { message: `the broker lists no connection of ${login}` })
    .toBeGreaterThan(0);
  for (const { name } of ours) {
    try {
      await brokerNode.managementApi(`api/connections/${encodeURIComponent(name)}`, { method: "DELETE" });
    } catch (error) {
      if (!(error instanceof Error && error.message.includes(" with 404:"))) throw error;
    }
  }
}
