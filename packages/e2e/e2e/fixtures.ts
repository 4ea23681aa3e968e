import { test as base } from "@playwright/test";
import type { Country } from "@repo/contract";
import { VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { ConsumerControl } from "./consumer-control.js";
import type { TestBrokerUrls } from "./environment.js";
import { testBroker, testBrokerNode } from "./environment.js";
import { ShopPage } from "./pages/shop-page.js";

interface TestFixtures {
  /** The project's site, opened on the test broker and online. */
  shop: ShopPage;
  /**
   * The shared broker node, which a test may stop and start, or change.
   * After the test, whatever happened (a timeout included, which may skip
   * the test's own `finally`), it runs again with the project's definitions
   * loaded afresh (so a changed password is restored), and without any
   * `e2e-` policy a test set.
   */
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
    const outcome = await node.start();
    // Anything else would leave every later test without the broker, failing for no reason of its own.
    if (outcome !== "started" && outcome !== "already running") throw new Error(`the test broker did not run again after the test: ${outcome}`);
    for (const policy of await testPolicies(node)) await node.ctl("clear_policy", "-p", VHOST, policy);
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

/** The policies tests set on the shared node (named `e2e-…`), which no later test may inherit. */
async function testPolicies(node: BrokerNode): Promise<string[]> {
  const listed = JSON.parse(await node.ctl("list_policies", "-p", VHOST, "--formatter", "json", "--quiet")) as { name: string }[];
  return listed.map(({ name }) => name).filter((name) => name.startsWith(TEST_POLICY_PREFIX));
}

/** What the name of every policy a test sets starts with. */
export const TEST_POLICY_PREFIX = "e2e-";

export { expect } from "@playwright/test";
