import { COUNTRIES, purchaseQueue, purchaseSendHeaders, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { Teardown } from "@repo/stack";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { OrderStore } from "../src/store/order-store.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import { eventually } from "./support/broker-admin.js";
import { newPurchase } from "./support/purchases.js";
import type { SiteClient } from "./support/site-client.js";
import { StockWatcher } from "./support/stock-watcher.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { testConsumerConfig } from "./support/test-config.js";
import { connectSites, startOwnBroker } from "./support/test-broker.js";

/** How long the alarm is held while the test looks for anything that gets through: far longer than a confirmation takes. */
const HELD_MS = 3_000;

/**
 * How long the alarm is held while the consumer would republish the stock:
 * once a second, so without a bound five broadcasts would pile up.
 */
const STOCK_HELD_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * README, Delivery guarantees: a memory or disk alarm makes RabbitMQ stop
 * reading from the AMQP connections that publish, the consumer's among
 * them (it publishes its replies), so nothing is answered or acknowledged
 * until it clears; then everything resumes, and nothing is lost or sold
 * twice. Web-STOMP on RabbitMQ 3.10.8 is not held back: the browsers'
 * SENDs still get their receipts, and the consumer may decide them, but
 * not answer them. A watermark of 0 raises the memory alarm at once.
 */
describe("a broker memory alarm", () => {
  const teardown = new Teardown();
  /** What a test started or opened, undone after it whether it passed or not. */
  const afterTest = new Teardown();
  let node: BrokerNode;
  let databasePath: string;
  /** The consumer the current test started, if any. */
  let consumer: ConsumerService | undefined;
  let sites: Record<"fr" | "de", SiteClient>;

  /** Starts a consumer on the file's database, stopped when the test ends. */
  async function startTheConsumer(): Promise<ConsumerService> {
    const started = await startConsumer(testConsumerConfig(node.amqpUrl, databasePath));
    consumer = started;
    afterTest.add(() => started.stop());
    return started;
  }

  async function memoryAlarm(raised: boolean): Promise<void> {
    await node.ctl("set_vm_memory_high_watermark", raised ? "0" : "0.4");
    await eventually(`the memory alarm ${raised ? "raised" : "cleared"}`, async () => {
      const alarms = await node.ctl("eval", "rabbit_alarm:get_alarms().");
      return alarms.includes("memory") === raised ? true : undefined;
    });
  }

  /** Per queue: messages (delivered-and-unacked included; a passive declare counts only ready ones), unacked ones, consumers. */
  async function queueCounts(queues: readonly string[]): Promise<{ messages: number; unacked: number; consumers: number }[]> {
    const listed = await node.ctl("list_queues", "-p", VHOST, "name", "messages", "messages_unacknowledged", "consumers", "--no-table-headers", "--quiet");
    const counts = new Map(listed.trim().split("\n").map((line) => {
      const [name = "", messages = "", unacked = "", consumers = ""] = line.trim().split(/\s+/);
      return [name, { messages: Number(messages), unacked: Number(unacked), consumers: Number(consumers) }] as const;
    }));
    return queues.map((queue) => counts.get(queue) ?? { messages: Number.NaN, unacked: Number.NaN, consumers: Number.NaN });
  }

  async function messagesIn(queues: readonly string[]): Promise<number[]> {
    return (await queueCounts(queues)).map(({ messages }) => messages);
  }

  /** Sells whatever purchase a test left queued (one that failed halfway), so the next starts from empty queues and a known stock. */
  async function drainPurchases(): Promise<void> {
    const queues = COUNTRIES.map(purchaseQueue);
    const empty = async (): Promise<true | undefined> => ((await messagesIn(queues)).every((depth) => depth === 0) ? true : undefined);
    if (await empty()) return;
    if (consumer === undefined) await startTheConsumer();
    await eventually("the purchase queues drained", empty);
  }

  /**
   * The store as the consumer left it, read on a connection of its own. With
   * the consumer's own initial stock: a test that reads it before any
   * consumer ran creates the database.
   */
  function withStore<T>(read: (store: OrderStore) => T): T {
    const store = openSqliteStore({ path: databasePath, initialStock: testConsumerConfig(node.amqpUrl, databasePath).ticketsTotal });
    try {
      return read(store);
    } finally {
      store.close();
    }
  }

  beforeAll(async () => {
    node = await startOwnBroker(teardown);
    databasePath = temporaryDatabase(teardown, "consumer-alarm-");
    sites = await connectSites(teardown, node, ["fr", "de"]);
  });

  afterEach(async () => {
    try {
      // Cleared first, even after a failed assertion: under it the consumer can neither answer nor finish the purchase in hand to stop.
      await memoryAlarm(false);
      await drainPurchases();
    } finally {
      consumer = undefined;
      await afterTest.run();
    }
  });

  afterAll(() => teardown.run());

  it("leaves the browsers' purchases unanswered until it clears, though Web-STOMP still takes them; then each is answered once and sold once", async () => {
    await (await startTheConsumer()).ready;
    const warmUp = newPurchase("fr");
    expect(await sites.fr.buy(warmUp)).toMatchObject({ status: "confirmed" });
    const remainingBefore = withStore((store) => store.stock().remaining);

    await memoryAlarm(true);
    const orders = [newPurchase("fr"), newPurchase("de"), newPurchase("fr")];
    // 3.10.8 does not hold Web-STOMP back, as the README says: every SEND gets its receipt and the site shows it sent.
    // A broker that did would leave these pending until the test times out, and the README would need saying so.
    await Promise.all(orders.map((order) => sites[order.country].send(JSON.stringify(order), purchaseSendHeaders(order))));
    await sleep(HELD_MS);

    expect(orders.flatMap(({ country, orderId }) => sites[country].answers(orderId))).toEqual([]);

    await memoryAlarm(false);
    const answers = await Promise.all(orders.map(({ country, orderId }) => sites[country].confirmation(orderId)));

    expect(answers.map(({ status }) => status)).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(orders.map(({ country, orderId }) => sites[country].answers(orderId).length)).toEqual([1, 1, 1]);
    expect(withStore((store) => store.stock().remaining)).toBe(remainingBefore - 3 * 10);
  });

  it("holds the consumer's answers to purchases already queued: it may decide them, but answers and acks none until it clears; then each is answered once and leaves its queue", async () => {
    const remainingBefore = withStore((store) => store.stock().remaining);
    const orders = [newPurchase("fr"), newPurchase("de")];
    // Queued, with the broker's receipt, before the alarm, and before any consumer runs.
    for (const order of orders) await sites[order.country].send(JSON.stringify(order), purchaseSendHeaders(order));

    await memoryAlarm(true);
    await startTheConsumer();
    // The consumer has each purchase in hand (prefetch 1), so what follows shows it holding them, not idle.
    const queues = orders.map(({ country }) => purchaseQueue(country));
    await eventually("the consumer to hold each queue's purchase", async () => {
      const counts = await queueCounts(queues);
      return counts.every(({ unacked, consumers }) => unacked === 1 && consumers === 1) ? true : undefined;
    });
    await sleep(HELD_MS);

    expect(orders.flatMap(({ country, orderId }) => sites[country].answers(orderId))).toEqual([]);
    // Not acknowledged: each is still its queue's, ready or delivered and unacked.
    expect(await messagesIn(orders.map(({ country }) => purchaseQueue(country)))).toEqual([1, 1]);

    await memoryAlarm(false);
    const answers = await Promise.all(orders.map(({ country, orderId }) => sites[country].confirmation(orderId)));
    await eventually("both queues empty", async () => {
      const depths = await messagesIn(orders.map(({ country }) => purchaseQueue(country)));
      return depths.every((depth) => depth === 0) ? true : undefined;
    });

    expect(answers.map(({ status }) => status)).toEqual(["confirmed", "confirmed"]);
    expect(orders.map(({ country, orderId }) => sites[country].answers(orderId).length)).toEqual([1, 1]);
    // Sold once each, whether or not it was decided during the alarm.
    expect(withStore((store) => store.stock().remaining)).toBe(remainingBefore - 2 * 10);
  });

  it("lets at most one stock broadcast wait for the broker while it blocks the stock link, so the sites get no backlog of stale levels when it clears", async () => {
    await (await startTheConsumer()).ready;
    const watcher = await StockWatcher.connect(node.webStompUrl, "fr");
    afterTest.add(() => watcher.close());

    await memoryAlarm(true);
    const raisedAt = Date.now();
    await sleep(STOCK_HELD_MS);
    const clearedAt = Date.now();
    await memoryAlarm(false);
    // The link works again: a level read after the alarm arrives.
    await watcher.until((level) => Date.parse(level.at) > clearedAt);

    // One that went out as the alarm was raised (the broker may read it before it blocks), and the one that waited.
    const readDuringAlarm = watcher.levels.filter(({ at }) => Date.parse(at) >= raisedAt && Date.parse(at) <= clearedAt);
    expect(readDuringAlarm.length).toBeLessThanOrEqual(2);
  });
});
