import type { Country } from "@repo/contract";
import { COUNTRIES, PURCHASE_QUEUE_ARGUMENTS, PURCHASES_EXCHANGE_ARGUMENTS, purchaseRoutingKey } from "@repo/contract";
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

/**
 * The Web-STOMP echo's way in: one topic exchange with the arguments and
 * routing keys of the country purchase exchanges (ours has one per
 * country), routing to the echo queues, so
 * browsers with their site logins reach the echo consumer exactly as they
 * reach ours, topic permissions included.
 */
export const ECHO_EXCHANGE = "bench.purchases";

/** Where a Web-STOMP echo browser of a country sends, as a site sends to purchaseDestination(). */
export function echoDestination(country: Country): string {
  return `/exchange/${ECHO_EXCHANGE}/${purchaseRoutingKey(country)}`;
}

export async function declareEchoQueues(channel: Channel): Promise<void> {
  await channel.assertExchange(ECHO_EXCHANGE, "topic", { durable: true, autoDelete: false, arguments: PURCHASES_EXCHANGE_ARGUMENTS });
  for (const country of COUNTRIES) {
    const queue = echoQueue(country);
    await channel.assertQueue(queue, { durable: true, exclusive: false, autoDelete: false, arguments: PURCHASE_QUEUE_ARGUMENTS });
    await channel.bindQueue(queue, ECHO_EXCHANGE, purchaseRoutingKey(country));
  }
}
