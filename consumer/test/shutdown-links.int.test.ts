import type { BrokerNode } from "@repo/stack";
import { BROKER_USERS, Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHUTDOWN_TIMEOUT_MS, startConsumer } from "../src/index.js";
import type { BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import { FreezingProxy } from "./support/freezing-proxy.js";
import { newPurchase } from "./support/purchases.js";
import type { SiteClient } from "./support/site-client.js";
import { StockWatcher } from "./support/stock-watcher.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { CONSUMER_CONNECTIONS, testConsumerConfig } from "./support/test-config.js";
import { withTimeout } from "./support/with-timeout.js";
import { connectSites, startBrokerWithAdmin } from "./support/test-broker.js";

/** The longest stock interval the consumer takes: the sale's broadcast waits up to this long. */
const STOCK_INTERVAL_MS = 2_000;

/**
 * A sale made right after a fresh broadcast (not one the stream replays), and
 * not broadcast yet: it waits out most of the interval, far longer than a
 * purchase takes. A machine that stalls for the whole interval lets it out
 * early; the next fresh broadcast gives another try. The consumer runs on
 * this machine, so its `at` and our clock agree.
 */
async function saleNotYetBroadcast(watcher: StockWatcher, site: SiteClient): Promise<{ before: number; order: ReturnType<typeof newPurchase> }> {
  for (let attempt = 1; ; attempt += 1) {
    const freshAfter = Date.now();
    await watcher.until(({ at }) => Date.parse(at) > freshAfter, 2 * STOCK_INTERVAL_MS + 1_000);
    const before = watcher.latest.remaining;
    const order = newPurchase(site.country);
    await site.buy(order);
    if (!watcher.levels.some(({ remaining }) => remaining < before)) return { before, order };
    if (attempt === 3) throw new Error(`three sales in a row were broadcast within a purchase: this machine stalls for the whole ${STOCK_INTERVAL_MS} ms stock interval`);
  }
}

describe("stopping the consumer", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let databasePath: string;
  let sites: Record<"fr" | "de", SiteClient>;

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    databasePath = temporaryDatabase(teardown, "consumer-shutdown-links-");
    sites = await connectSites(teardown, node, ["fr", "de"]);
  });

  afterAll(() => teardown.run());

  it("when a sale is still waiting out the stock interval, the stop broadcasts it before it closes the stock connection", async () => {
    const consumer = await startConsumer(testConsumerConfig(node.amqpUrl, databasePath, { STOCK_INTERVAL_MS: String(STOCK_INTERVAL_MS) }));
    teardown.add(() => consumer.stop());
    await consumer.ready;
    // From the stream's first message: however late its SUBSCRIBE, it hears every broadcast of this test's node.
    const watcher = await StockWatcher.connect(node.webStompUrl, "gb", 10_000, "first");
    teardown.add(() => watcher.close());
    const { before, order } = await saleNotYetBroadcast(watcher, sites.de);

    await consumer.stop();
    const last = await watcher.until(({ remaining }) => remaining === before - order.quantity, 5_000);

    expect(last.sold.de).toBeGreaterThanOrEqual(order.quantity);
  });

  it("when one connection is half-open, the stop gives up on its cancel and close within seconds and still closes the others", async () => {
    const proxy = await FreezingProxy.start(Number(new URL(node.amqpUrl).port));
    teardown.add(() => proxy.close());
    const consumer = await startConsumer(testConsumerConfig(proxy.urlThrough(node.amqpUrl), databasePath));
    teardown.add(() => consumer.stop());
    await consumer.ready;
    const consumerLogin = BROKER_USERS.consumer.login;
    // The management API lists a connection only after its first stats emission, seconds after it opened.
    const opened = await eventually("the consumer's connections in the management API", async () => {
      const connections = await admin.clientConnectionsOf(consumerLogin);
      return connections.length === CONSUMER_CONNECTIONS ? connections : undefined;
    });
    const order = newPurchase("de");
    await sites.de.buy(order);
    // Its name, as the handshake gives it: each connection declares every country queue, so the queue alone is no mark.
    expect(proxy.freeze("tickets-consumer purchases.fr ")).toBe(1);

    // Past its own deadline the process would exit 1: the stop must end inside it, though one connection never answers.
    await withTimeout(consumer.stop(), SHUTDOWN_TIMEOUT_MS, "the stop is still waiting for the half-open connection");
    // The broker still holds the frozen one until its heartbeat gives up on it; every other was closed, not abandoned.
    const left = await eventually("the consumer's connections but the frozen one to close", async () => {
      const connections = await admin.clientConnectionsOf(consumerLogin);
      return connections.length === 1 ? connections.map(({ clientName }) => clientName) : undefined;
    });

    // The URL sets no heartbeat: each connection asked for 10 s, so the frozen one would not linger for minutes.
    expect(opened.map(({ heartbeatSeconds }) => heartbeatSeconds)).toEqual(Array.from({ length: CONSUMER_CONNECTIONS }, () => 10));
    expect(left).toEqual([expect.stringContaining("tickets-consumer purchases.fr ")]);
  });
});
