import type { Country } from "@repo/contract";
import { purchaseQueue, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";

interface QueueDepth {
  messages: number;
  consumers: number;
}

/**
 * A country queue as the node itself reports it (rabbitmqctl list_queues).
 * Sooner than the management API, whose statistics are sampled every 5 s,
 * but a quorum queue's message count still lags by a few seconds: poll it.
 */
export async function countryQueueDepth(brokerNode: BrokerNode, country: Country): Promise<QueueDepth> {
  const listed = await brokerNode.ctl("list_queues", "-p", VHOST, "name", "messages", "consumers", "--quiet", "--formatter", "json");
  const queue = (JSON.parse(listed) as (QueueDepth & { name: string })[]).find(({ name }) => name === purchaseQueue(country));
  if (queue === undefined) throw new Error(`node ${brokerNode.nodeName} has no queue ${purchaseQueue(country)}`);
  return { messages: queue.messages, consumers: queue.consumers };
}

/**
 * The name of the policy that applies to a country queue, as the node
 * reports it (rabbitmqctl list_queues); empty when none does. A policy set
 * or cleared reaches the queues some time after rabbitmqctl returns: poll it.
 */
export async function countryQueuePolicy(brokerNode: BrokerNode, country: Country): Promise<string> {
  const listed = await brokerNode.ctl("list_queues", "-p", VHOST, "name", "policy", "--quiet", "--formatter", "json");
  const queue = (JSON.parse(listed) as { name: string; policy: string | null }[]).find(({ name }) => name === purchaseQueue(country));
  if (queue === undefined) throw new Error(`node ${brokerNode.nodeName} has no queue ${purchaseQueue(country)}`);
  return queue.policy ?? "";
}
