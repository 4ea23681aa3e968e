import type { Country } from "@repo/contract";
import { purchaseQueue, VHOST } from "@repo/contract";
import { BROKER_USERS } from "@repo/stack";

interface QueueInfo {
  consumers: number;
  messages: number;
  message_stats?: { publish?: number; ack?: number; deliver_get?: number };
}

/** Reads a country queue through the management HTTP API, as an operator watching it would. */
export async function countryQueue(managementUrl: string, country: Country): Promise<QueueInfo> {
  const { login, passcode } = BROKER_USERS.admin;
  const response = await fetch(`${managementUrl}api/queues/${encodeURIComponent(VHOST)}/${encodeURIComponent(purchaseQueue(country))}`, {
    headers: { authorization: `Basic ${Buffer.from(`${login}:${passcode}`).toString("base64")}` },
  });
  if (!response.ok) throw new Error(`management API answered ${response.status} for ${purchaseQueue(country)}`);
  return (await response.json()) as QueueInfo;
}

/** Messages published into a country queue since the broker started (sampled every few seconds by the broker). */
export async function publishedTo(managementUrl: string, country: Country): Promise<number> {
  return (await countryQueue(managementUrl, country)).message_stats?.publish ?? 0;
}
