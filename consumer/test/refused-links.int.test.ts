import { COUNTRIES, INVENTORY_EXCHANGE, purchaseQueue, STOCK_STREAM, STOCK_STREAM_ARGUMENTS } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { BROKER_USERS, Teardown } from "@repo/stack";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerHealth, ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { Permissions , BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { StockWatcher } from "./support/stock-watcher.js";
import { CONSUMER_CONNECTIONS, testConsumerConfig } from "./support/test-config.js";
import { withTimeout } from "./support/with-timeout.js";
import { startBrokerWithAdmin } from "./support/test-broker.js";

/** How long a refusal is watched: the reproduction restarted 25 times in 8 s. */
const WATCH_MS = 8_000;
/** The management API counts new connections at each stats emission, every 5 s: the count is read this much later. */
const STATS_LAG_MS = 6_000;
/** One connection per country queue and one for the stock. */
const LINKS = CONSUMER_CONNECTIONS;
/**
 * Connections the node may count while one link is refused for WATCH_MS +
 * STATS_LAG_MS: the first five, that link's restarts at delays from 500 ms
 * doubling (down to half of that, with jitter), 5 in 14 s at most, and
 * room for the test's admin connection; restarting every 250 ms or so
 * would be about 45.
 */
const MOST_CONNECTIONS = LINKS + 8;
/** The longest reconnect delay is 15 s: once the broker allows it again, the link works within that and a setup. */
const RECOVERY_MS = 30_000;

/**
 * A connection that connects and sets up, but that the broker then refuses
 * to let work: a consume it closes the channel on, a broadcast it refuses.
 * Each refusal restarts the connection; /healthz must say why for as long
 * as it lasts, and the restarts must slow down rather than loop.
 */
describe("a connection the broker refuses to let work", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let granted: Permissions;
  let consumer: ConsumerService | undefined;

  /** Starts a consumer on a fresh database, without waiting for it to be ready: a refused link never is. */
  async function start(): Promise<ConsumerService> {
    const started = await startConsumer(testConsumerConfig(node.amqpUrl, temporaryDatabase(teardown, "consumer-refused-")));
    consumer = started;
    return started;
  }

  /** The consumer's health every 100 ms for `ms`. */
  async function watch(service: ConsumerService, ms: number): Promise<ConsumerHealth[]> {
    const samples: ConsumerHealth[] = [];
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      samples.push(service.health());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return samples;
  }

  /** The samples from the first that reports an error on: before it, the refused link may not have tried yet. */
  function fromFirstError(samples: ConsumerHealth[]): ConsumerHealth[] {
    const first = samples.findIndex(({ broker }) => broker.lastError !== undefined);
    return first === -1 ? [] : samples.slice(first);
  }

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    granted = await admin.permissionsOf(BROKER_USERS.consumer.login);
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await admin.setPermissions(BROKER_USERS.consumer.login, granted);
  });

  afterAll(() => teardown.run());

  it("when the consumer may not read one country queue, /healthz names the refusal all along, and the restarts slow down instead of looping", async () => {
    await admin.setPermissions(BROKER_USERS.consumer.login, { ...granted, read: "^(tickets\\..*|purchases\\.(de|gb|es|dead|unroutable))$" });
    const createdBefore = await eventually("the node's connection counters", () => admin.connectionsCreated());
    const service = await start();

    const samples = await watch(service, WATCH_MS + STATS_LAG_MS);
    // At least the links' first connections and one restart of the refused one: a counter that has not yet
    // counted them would meet the upper bound with 0. By now it has, unless its stats emission came late.
    const created = await eventually(`the node to count at least ${LINKS + 1} connections, the links' and a restart`, async () => {
      const count = (await admin.connectionsCreated()) - createdBefore;
      if (count < LINKS + 1) throw new Error(`${count} connections counted`);
      return count;
    });
    const refused = fromFirstError(samples);

    expect(refused.length).toBeGreaterThan(samples.length / 2);
    for (const { healthy, broker } of refused) {
      expect(healthy).toBe(false);
      expect(broker.lastError).toMatch(/ACCESS_REFUSED.*purchases\.fr/);
      expect(broker.consuming).not.toContain(purchaseQueue("fr"));
    }
    expect(created).toBeLessThanOrEqual(MOST_CONNECTIONS);

    await admin.setPermissions(BROKER_USERS.consumer.login, granted);
    await withTimeout(service.ready, RECOVERY_MS, () => `not consuming ${RECOVERY_MS} ms after the permission came back: ${JSON.stringify(service.health().broker)}`);
    expect(service.health()).toMatchObject({ healthy: true, broker: { lastError: undefined } });
  });

  it("when the consumer may not publish the stock, /healthz is unhealthy and names the refusal all along, then recovers once it may", async () => {
    await admin.setPermissions(BROKER_USERS.consumer.login, {
      ...granted,
      write: "^(tickets\\.(purchases|dead|unroutable|stock).*|purchases\\..*|amq\\.default)$",
    });
    const service = await start();

    const samples = await watch(service, WATCH_MS);
    const refused = fromFirstError(samples);
    const response = await fetch(`http://127.0.0.1:${service.httpPort}/healthz`);

    expect(refused.length).toBeGreaterThan(samples.length / 2);
    for (const { healthy, broker } of refused) {
      expect(healthy).toBe(false);
      expect(broker.lastError).toMatch(new RegExp(`ACCESS_REFUSED.*${INVENTORY_EXCHANGE.replace(".", "\\.")}`));
    }
    // Purchases go on meanwhile: only the stock is refused.
    expect(samples.at(-1)?.broker.consuming).toHaveLength(COUNTRIES.length);
    expect(response.status).toBe(503);

    await admin.setPermissions(BROKER_USERS.consumer.login, granted);
    await eventually("the consumer healthy again", () => Promise.resolve(service.health().healthy ? true : undefined), RECOVERY_MS);
    expect(service.health().broker.lastError).toBeUndefined();
  });

  it("when the stock stream is deleted under a running consumer, the consumer is told by the returned broadcast and declares it again, and sites get the stock", async () => {
    const service = await start();
    await withTimeout(service.ready, RECOVERY_MS, () => `not ready: ${JSON.stringify(service.health().broker)}`);
    const seen: ConsumerHealth[] = [];
    const sampler = setInterval(() => seen.push(service.health()), 10);

    try {
      await admin.deleteQueue(STOCK_STREAM);
      // The broker confirms a broadcast that reaches no queue all the same: only the return says the stream is gone.
      await eventually("the stock stream declared again", () => admin.queue(STOCK_STREAM));
      await eventually("the consumer healthy again", () => Promise.resolve(service.health().healthy ? true : undefined), RECOVERY_MS);
    } finally {
      clearInterval(sampler);
    }
    const watcher = await StockWatcher.connect(node.webStompUrl, "fr");
    teardown.add(() => watcher.close());

    expect(seen.some(({ healthy, broker }) => !healthy && /reached no queue/.test(broker.lastError ?? ""))).toBe(true);
    expect(watcher.latest.total).toBeGreaterThan(0);
  });

  it("when the broker holds the stock stream with other arguments (older definitions), the consumer declares it anew and is ready", async () => {
    await admin.deleteQueue(STOCK_STREAM);
    await admin.declareQueue(STOCK_STREAM, { ...STOCK_STREAM_ARGUMENTS, "x-max-age": "1h", "x-max-length-bytes": 8_000_000 });
    const service = await start();

    await withTimeout(service.ready, RECOVERY_MS, () => `not ready with an older stock stream: ${JSON.stringify(service.health().broker)}`);
    expect(await admin.argumentsOf(STOCK_STREAM)).toEqual(STOCK_STREAM_ARGUMENTS);
    expect(service.health().healthy).toBe(true);
    expect([...service.health().broker.consuming].sort()).toEqual(COUNTRIES.map(purchaseQueue).sort());
  });
});
