import type { Country } from "@repo/contract";
import { COUNTRIES, PURCHASE_QUEUE_ARGUMENTS } from "@repo/contract";
import type { Channel } from "amqplib";

/**
 * The baseline's own queue for a country: declared by the bench only, with
 * the country queues' arguments (quorum, delivery limit, dead-letter
 * exchange), so the broker does the same work per message as for a purchase.
 */
export function echoQueue(country: Country): string {
  return `bench.echo.${country}`;
}

export const ECHO_QUEUES: readonly string[] = COUNTRIES.map(echoQueue);

export async function declareEchoQueues(channel: Channel): Promise<void> {
  for (const queue of ECHO_QUEUES) {
    await channel.assertQueue(queue, { durable: true, exclusive: false, autoDelete: false, arguments: PURCHASE_QUEUE_ARGUMENTS });
  }
}
