import type { Country } from "@repo/contract";
import { purchaseQueue, VHOST } from "@repo/contract";
import type { TestBrokerUrls } from "./environment.js";
import { testBrokerNode } from "./environment.js";

interface QueueInfo {
  consumers: number;
  messages: number;
  message_stats?: { publish?: number; ack?: number; deliver_get?: number };
}

/** Reads a country queue through the management HTTP API, as an operator watching it would. */
export async function countryQueue(broker: TestBrokerUrls, country: Country): Promise<QueueInfo> {
  const response = await testBrokerNode(broker).managementApi(`api/queues/${encodeURIComponent(VHOST)}/${encodeURIComponent(purchaseQueue(country))}`);
  return (await response.json()) as QueueInfo;
}

/** Messages published into a country queue since the broker started (sampled every few seconds by the broker). */
export async function publishedTo(broker: TestBrokerUrls, country: Country): Promise<number> {
  return (await countryQueue(broker, country)).message_stats?.publish ?? 0;
}
