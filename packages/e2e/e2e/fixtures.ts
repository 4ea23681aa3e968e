import type { BrowserContext, Page } from "@playwright/test";
import { test as base } from "@playwright/test";
import type { Country } from "@repo/contract";
import { VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { ConsumerControl } from "./consumer-control.js";
import type { TestBrokerUrls } from "./environment.js";
import { sitePorts, testBroker, testBrokerNode } from "./environment.js";
import { ShopPage } from "./pages/shop-page.js";

/** How `openSite` opens a site: on the test broker unless told otherwise; `beforeOpen` sees the page before it loads. */
interface OpenSiteOptions {
  brokerUrl?: string;
  beforeOpen?: (page: Page) => void;
}

export interface TestFixtures {
  /** The project's site, opened on the test broker and online. */
  shop: ShopPage;
  /**
   * Opens a country's site in a browser context of its own (its own
   * storage, as another buyer's browser), without waiting for it to
   * connect; every context it made is closed after the test, passed or not.
   */
  openSite: (country: Country, options?: OpenSiteOptions) => Promise<ShopPage>;
  /**
   * The shared broker node, which a test may stop and start, or change.
   * After the test, whatever happened (a timeout included, which may skip
   * the test's own `finally`), it runs again with the project's definitions
   * loaded afresh (so a changed password is restored), and without any
   * `e2e-` policy a test set.
   */
  brokerNode: BrokerNode;
  /**
   * Before every test, whether it asks for the consumer or not: a consumer
   * an earlier test stopped and left stopped runs again, and one that ended
   * by itself is started again and fails this test, naming how it ended (a
   * crash must not pass unseen). Set up before the test's other fixtures.
   */
  consumerRunning: undefined;
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
      try {
        await consumer.start();
        await use(consumer);
      } finally {
        // Its data folder goes even when it never started.
        await consumer.dispose();
      }
    },
    { scope: "worker", auto: true },
  ],
  consumerRunning: [
    async ({ consumer }, use) => {
      await consumer.start();
      await use(undefined);
    },
    { auto: true },
  ],
  brokerNode: async ({ broker }, use) => {
    const node = testBrokerNode(broker);
    await use(node);
    const outcome = await node.start();
    // Anything else would leave every later test without the broker, failing for no reason of its own.
    if (outcome !== "started" && outcome !== "already running") throw new Error(`the test broker did not run again after the test: ${outcome}`);
    for (const policy of await testPolicies(node)) await node.ctl("clear_policy", "-p", VHOST, policy);
  },
  openSite: async ({ browser, broker }, use) => {
    const ports = await sitePorts();
    const contexts: BrowserContext[] = [];
    await use(async (country, { brokerUrl = broker.webStompUrl, beforeOpen } = {}) => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      beforeOpen?.(page);
      const shop = new ShopPage(page, country, brokerUrl);
      await shop.open(`http://127.0.0.1:${ports[country]}/`);
      return shop;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  shop: async ({ page, country, broker }, use, testInfo) => {
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
