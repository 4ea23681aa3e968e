import { test as base } from "@playwright/test";
import type { Country } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { ConsumerControl } from "./consumer-control.js";
import type { TestBrokerUrls } from "./environment.js";
import { testBroker, testBrokerNode } from "./environment.js";
import { ShopPage } from "./pages/shop-page.js";

interface TestFixtures {
  /** The project's site, opened on the test broker and online. */
  shop: ShopPage;
  /** The shared broker node, which a test may stop and start; it runs again after the test whatever happened. */
  brokerNode: BrokerNode;
}

interface WorkerFixtures {
  /** The site a project tests; `fr` for the system project. */
  country: Country;
  broker: TestBrokerUrls;
  /** The real consumer, running before every test; a test may stop and restart it. */
  consumer: ConsumerControl;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  country: ["fr", { option: true, scope: "worker" }],
  broker: [async ({}, use) => { await use(testBroker()); }, { scope: "worker" }],
  consumer: [
    async ({ broker }, use) => {
      const consumer = new ConsumerControl(broker.amqpUrl);
      await consumer.start();
      await use(consumer);
      await consumer.dispose();
    },
    { scope: "worker", auto: true },
  ],
  brokerNode: async ({ broker }, use) => {
    const node = testBrokerNode(broker);
    await use(node);
    await node.start();
  },
  shop: async ({ page, country, broker, consumer }, use, testInfo) => {
    // A test that stopped the consumer and failed must not leave the next one without it.
    await consumer.start();
    const shop = new ShopPage(page, country, broker.webStompUrl);
    await shop.open();
    await shop.expectOnline();
    await use(shop);
    await testInfo.attach(`${country} site`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  },
});

export { expect } from "@playwright/test";
