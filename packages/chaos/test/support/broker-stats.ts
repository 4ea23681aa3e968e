import { COUNTRIES, purchaseQueue, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";

interface QueueInfo {
  name: string;
  message_stats?: { redeliver?: number };
}

/**
 * Purchases the broker handed out again after a consumer that held them was
 * gone, summed over the country queues, as the management API counts them.
 * The broker samples its statistics every few seconds, and forgets them when
 * it restarts.
 */
export async function purchasesRedelivered(node: BrokerNode, signal: AbortSignal): Promise<number> {
  const response = await node.managementApi(`api/queues/${encodeURIComponent(VHOST)}`, { signal });
  const countryQueues = new Set(COUNTRIES.map(purchaseQueue));
  return ((await response.json()) as QueueInfo[])
    .filter(({ name }) => countryQueues.has(name))
    .reduce((sum, queue) => sum + (queue.message_stats?.redeliver ?? 0), 0);
}
