import { expect } from "@playwright/test";
import type { Country } from "@repo/contract";
import { purchaseQueue, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";

interface QueueDepth {
  messages: number;
  consumers: number;
}

/** A country queue's row of `rabbitmqctl list_queues`, with these columns. */
async function countryQueueRow<Row>(brokerNode: BrokerNode, country: Country, columns: readonly (keyof Row & string)[]): Promise<Row> {
  const listed = await brokerNode.ctl("list_queues", "-p", VHOST, "name", ...columns, "--quiet", "--formatter", "json");
  const queue = (JSON.parse(listed) as (Row & { name: string })[]).find(({ name }) => name === purchaseQueue(country));
  if (queue === undefined) throw new Error(`node ${brokerNode.nodeName} has no queue ${purchaseQueue(country)}`);
  return queue;
}

/**
 * A country queue as the node itself reports it (rabbitmqctl list_queues).
 * Sooner than the management API, whose statistics are sampled every 5 s,
 * but a quorum queue's message count still lags by a few seconds: poll it.
 */
export async function countryQueueDepth(brokerNode: BrokerNode, country: Country): Promise<QueueDepth> {
  const { messages, consumers } = await countryQueueRow<QueueDepth>(brokerNode, country, ["messages", "consumers"]);
  return { messages, consumers };
}

/** A quorum queue's count lags by a few seconds; this leaves a slow machine room. */
const DRAINED_MS = 30_000;

/**
 * Waits until a country queue holds nothing, ready or unacknowledged, and
 * its consumer is back: every copy of every purchase sent to it has been
 * decided, so the store's counts are final.
 */
export async function expectCountryQueueDrained(brokerNode: BrokerNode, country: Country): Promise<void> {
  await expect
    .poll(() => countryQueueDepth(brokerNode, country), { timeout: DRAINED_MS, message: `${purchaseQueue(country)} did not drain` })
    .toEqual({ consumers: 1, messages: 0 });
}

/**
 * The name of the policy that applies to a country queue, as the node
 * reports it (rabbitmqctl list_queues); empty when none does. A policy set
 * or cleared reaches the queues some time after rabbitmqctl returns: poll it.
 */
export async function countryQueuePolicy(brokerNode: BrokerNode, country: Country): Promise<string> {
  const { policy } = await countryQueueRow<{ policy: string | null }>(brokerNode, country, ["policy"]);
  return policy ?? "";
}
