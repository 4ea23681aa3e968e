import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Confirmation, Country } from "@repo/contract";
import { COUNTRIES, isSoldOut, perCountry } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { SiteClient } from "./support/site-client.js";
import { StockWatcher } from "./support/stock-watcher.js";
import { newPurchase } from "./support/purchases.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { testConsumerConfig } from "./support/test-config.js";
import { connectSites, startOwnBroker } from "./support/test-broker.js";

/** Small on purpose: the four sites together ask for eight times as much. */
const TICKETS_TOTAL = 1000;

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

describe("one shared stock, sold by four sites at once", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let consumer: ConsumerService;
  let databasePath: string;
  let sites: Record<Country, SiteClient>;

  async function watch(country: Country): Promise<StockWatcher> {
    const watcher = await StockWatcher.connect(node.webStompUrl, country);
    teardown.add(() => watcher.close());
    return watcher;
  }

  beforeAll(async () => {
    node = await startOwnBroker(teardown);
    databasePath = temporaryDatabase(teardown, "consumer-inventory-");
    consumer = await startConsumer(
      testConsumerConfig(node.amqpUrl, databasePath, { TICKETS_TOTAL: String(TICKETS_TOTAL) }),
    );
    teardown.add(() => consumer.stop());
    await consumer.ready;
    sites = await connectSites(teardown, node, COUNTRIES);
  });

  afterAll(() => teardown.run());

  it("a site that subscribes before any sale receives the whole stock within the idle republish", async () => {
    const watcher = await watch("gb");

    expect(watcher.latest).toMatchObject({ total: TICKETS_TOTAL, remaining: TICKETS_TOTAL, sold: { fr: 0, de: 0, gb: 0, es: 0 } });
  });

  it("when four sites sell out at once, nothing is oversold, every site's meter ends on the store's numbers and a site arriving afterwards learns it from its first broadcast", async () => {
    const watchers = await Promise.all(COUNTRIES.map(async (country) => ({ country, watcher: await watch(country) })));
    const orders = COUNTRIES.flatMap((country) =>
      Array.from({ length: 40 }, (_, i) => newPurchase(country, { quantity: i % 2 === 0 ? 100 : 10 })),
    );

    const answers = await Promise.all(orders.map((order) => sites[order.country].buy(order)));
    // Whatever is left is less than a 100-ticket order; ten 10-ticket orders take the rest.
    const rest = Array.from({ length: 10 }, () => newPurchase("fr", { quantity: 10 }));
    const restAnswers: Confirmation[] = [];
    for (const order of rest) restAnswers.push(await sites.fr.buy(order));

    const all = [...orders, ...rest].map((order, i) => ({ order, answer: [...answers, ...restAnswers][i] }));
    const confirmed = all.filter(({ answer }) => answer?.status === "confirmed");
    const soldIn = (country: Country): number =>
      sum(confirmed.filter(({ order }) => order.country === country).map(({ order }) => order.quantity));
    const { stock, sold } = consumer.health();
    expect(sum(confirmed.map(({ order }) => order.quantity))).toBe(TICKETS_TOTAL - stock.remaining);
    expect(sum(Object.values(sold))).toBe(TICKETS_TOTAL - stock.remaining);
    expect(isSoldOut(stock)).toBe(true);
    const rejected = all.filter(({ answer }) => answer?.status === "rejected");
    // Eight times the stock was asked for: most orders must be refused, and every answer is one or the other.
    expect(rejected.length).toBeGreaterThan(0);
    expect(confirmed.length + rejected.length).toBe(all.length);
    for (const { order, answer } of rejected) {
      expect(answer).toMatchObject({ reason: "sold_out" });
      expect(answer?.remaining).toBeLessThan(order.quantity);
    }
    // Sold out leaves nothing any order could buy: the first sold-out level a meter shows is its last.
    const meters = await Promise.all(watchers.map(async ({ country, watcher }) => {
      const { total, remaining, sold } = await watcher.until((level) => isSoldOut(level));
      return [country, { total, remaining, sold }] as const;
    }));
    const storesNumbers = { total: TICKETS_TOTAL, remaining: stock.remaining, sold: perCountry(soldIn) };
    expect(Object.fromEntries(meters)).toEqual(perCountry(() => storesNumbers));
    const latecomer = await watch("de");
    expect(latecomer.levels[0]).toMatchObject({ total: TICKETS_TOTAL, remaining: stock.remaining });
  });

  it("when the stock is reset by its command while the consumer runs, every site sees the new sale and can buy again", async () => {
    const watcher = await watch("fr");

    execFileSync(process.execPath, [join(import.meta.dirname, "..", "dist", "stock-reset.js"), "--total", "500"], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: "pipe",
    });
    const fresh = await watcher.until((level) => level.total === 500);
    const answer = await sites.gb.buy(newPurchase("gb", { quantity: 100 }));

    expect(fresh).toMatchObject({ remaining: 500, sold: { fr: 0, de: 0, gb: 0, es: 0 } });
    expect(answer).toMatchObject({ status: "confirmed", remaining: 400 });
    await watcher.until((level) => level.remaining === 400 && level.sold.gb === 100);
  });
});
