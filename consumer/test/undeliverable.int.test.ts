import type { Country } from "@repo/contract";
import { COUNTRIES, DEAD_LETTER_QUEUE, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import { newPurchase } from "./support/purchases.js";
import type { SiteClient } from "./support/site-client.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { testConsumerConfig } from "./support/test-config.js";
import { connectSites, startBrokerWithAdmin } from "./support/test-broker.js";

/** The country whose public login sends the purchase no AMQP consumer can be handed. */
const ATTACKER: Country = "fr";
/** Longer than the 255 bytes an AMQP 0-9-1 short string holds; RabbitMQ 3.10 takes it over STOMP all the same. */
const LONG_HEADER = "c".repeat(300);

/**
 * RabbitMQ 3.10 accepts a STOMP header of any length, but cannot encode one
 * over 255 bytes (correlation-id, content-type, a header's name) for AMQP
 * 0-9-1: delivering that message closes the consumer's connection with
 * INTERNAL_ERROR, and every redelivery closes it again, until the queue's
 * delivery limit dead-letters it. One connection per country queue keeps
 * that to the sender's own country.
 */
describe("a purchase the broker cannot hand to an AMQP consumer", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let consumer: ConsumerService;
  let sites: Record<Country, SiteClient>;

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    const databasePath = temporaryDatabase(teardown, "consumer-undeliverable-");
    const config = testConsumerConfig(node.amqpUrl, databasePath);
    consumer = await startConsumer(config);
    teardown.add(() => consumer.stop());
    await consumer.ready;
    sites = await connectSites(teardown, node, COUNTRIES);
  });

  afterAll(async () => {
    await teardown.run();
  });

  it("stops only its own country's queue until it is dead-lettered; the others keep consuming and selling", async () => {
    const deadBefore = (await admin.queue(DEAD_LETTER_QUEUE)).messageCount;
    /** Every queue the consumer was seen not consuming, sampled far more often than a reconnect takes. */
    const seenIdle = new Set<string>();
    const sampler = setInterval(() => {
      const { consuming } = consumer.health().broker;
      for (const country of COUNTRIES) if (!consuming.includes(purchaseQueue(country))) seenIdle.add(purchaseQueue(country));
    }, 10);
    try {
      const poison = newPurchase(ATTACKER);
      // The broker takes it (RECEIPT): only its delivery fails.
      await sites[ATTACKER].send(JSON.stringify(poison), { ...purchaseSendHeaders(poison), "correlation-id": LONG_HEADER });
      await eventually("the attacker's country queue to lose its consumer", () => Promise.resolve(seenIdle.has(purchaseQueue(ATTACKER)) ? true : undefined));

      // Bought while the attacker's queue is going down and up again.
      const others = COUNTRIES.filter((country) => country !== ATTACKER);
      const answers = await Promise.all(others.map((country) => sites[country].buy(newPurchase(country))));
      expect(answers.map(({ status }) => status)).toEqual(others.map(() => "confirmed"));

      await eventually("the undeliverable purchase in the dead letters", async () => {
        const { messageCount } = await admin.queue(DEAD_LETTER_QUEUE);
        return messageCount > deadBefore ? messageCount : undefined;
      }, 60_000);
      expect(await sites[ATTACKER].buy(newPurchase(ATTACKER))).toMatchObject({ status: "confirmed" });
    } finally {
      clearInterval(sampler);
    }

    expect([...seenIdle]).toEqual([purchaseQueue(ATTACKER)]);
    expect(consumer.health()).toMatchObject({ healthy: true });
    expect(sites[ATTACKER].answers(LONG_HEADER)).toEqual([]);
  });
});
