import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Country } from "@repo/contract";
import { COUNTRIES, DEAD_LETTER_QUEUE, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import type { BrokerNode, ManagedProcess } from "@repo/stack";
import { startTestBroker, Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrokerAdmin, eventually } from "./support/broker-admin.js";
import { queryStore, startConsumerProcess } from "./support/consumer-process.js";
import { SiteClient } from "./support/site-client.js";
import { newPurchase } from "./support/purchases.js";

const ORDERS_PER_COUNTRY = 300;
const TICKETS_TOTAL = 1_000_000;
/** Kill whenever the store holds this many orders: well into the stream, far from its end, three times over. */
const KILL_AT = [150, 450, 750];


describe("the consumer killed with SIGKILL in the middle of a stream, again and again", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let dataDir: string;
  const sites = {} as Record<Country, SiteClient>;

  const runConsumer = (): Promise<ManagedProcess> => startConsumerProcess({ node, dataDir, ticketsTotal: TICKETS_TOTAL, teardown });

  function storedOrders(): number {
    return queryStore<{ count: number }>(dataDir, "SELECT COUNT(*) AS count FROM orders")[0]?.count ?? 0;
  }

  beforeAll(async () => {
    node = await startTestBroker();
    teardown.add(() => node.destroy());
    admin = await BrokerAdmin.connect(node);
    teardown.add(() => admin.close());
    dataDir = mkdtempSync(join(tmpdir(), "consumer-crash-"));
    teardown.add(() => {
      rmSync(dataDir, { recursive: true, force: true });
      return undefined;
    });
    for (const country of COUNTRIES) {
      const site = await SiteClient.connect(node.webStompUrl, country);
      teardown.add(() => site.close());
      sites[country] = site;
    }
  });

  afterAll(() => teardown.run());

  it("leaves every order sold exactly once, each answered the same every time", async () => {
    let consumer = await runConsumer();
    const orders = COUNTRIES.flatMap((country) => Array.from({ length: ORDERS_PER_COUNTRY }, () => newPurchase(country)));
    const sending = Promise.all(orders.map((order) => sites[order.country].send(JSON.stringify(order), purchaseSendHeaders(order))));

    const storedAtKills: number[] = [];
    for (const threshold of KILL_AT) {
      await eventually(`${threshold} orders in the store`, () => Promise.resolve(storedOrders() >= threshold ? true : undefined));
      await consumer.stop("SIGKILL");
      storedAtKills.push(storedOrders());
      consumer = await runConsumer();
    }
    await sending;
    await eventually(
      "an answer to every order",
      () => Promise.resolve(orders.every((order) => sites[order.country].answers(order.orderId).length > 0) ? true : undefined),
      60_000,
    );

    const stored = queryStore<{ order_id: string; country: Country; status: string }>(dataDir, "SELECT order_id, country, status FROM orders");
    const [stock] = queryStore<{ total: number; remaining: number }>(dataDir, "SELECT total, remaining FROM stock");
    const sales = queryStore<{ country: Country; sold: number }>(dataDir, "SELECT country, sold FROM sales");
    const answers = orders.map((order) => sites[order.country].answers(order.orderId));
    const answeredTwice = answers.filter((list) => list.length > 1).length;
    process.stdout.write(
      `killed with ${storedAtKills.join(", ")} of ${orders.length} orders stored; ` +
        `after the restarts ${answeredTwice} orders were answered again, identically\n`,
    );

    expect(storedAtKills.at(-1)).toBeLessThan(orders.length);
    expect(stored.map(({ order_id }) => order_id).sort()).toEqual(orders.map(({ orderId }) => orderId).sort());
    expect(stored.every(({ status }) => status === "confirmed")).toBe(true);
    expect(stock).toEqual({ total: TICKETS_TOTAL, remaining: TICKETS_TOTAL - orders.length * 10 });
    expect(Object.fromEntries(sales.map(({ country, sold }) => [country, sold]))).toEqual(
      Object.fromEntries(COUNTRIES.map((country) => [country, ORDERS_PER_COUNTRY * 10])),
    );
    for (const list of answers) {
      expect(list[0]).toMatchObject({ status: "confirmed" });
      for (const again of list.slice(1)) expect(again).toEqual(list[0]);
    }
    const queues = await Promise.all([...COUNTRIES.map(purchaseQueue), DEAD_LETTER_QUEUE].map((name) => admin.queue(name)));
    expect(queues.map(({ messageCount }) => messageCount)).toEqual([0, 0, 0, 0, 0]);
  });
});
