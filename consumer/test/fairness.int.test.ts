import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Country, Purchase } from "@repo/contract";
import { COUNTRIES, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { startTestBroker, Teardown } from "@repo/stack";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { loadConfig, startConsumer } from "../src/index.js";
import { BrokerAdmin, eventually } from "./support/broker-admin.js";
import { SiteClient } from "./support/site-client.js";
import { newPurchase } from "./support/purchases.js";

/** Orders one country has waiting while the others trickle: seconds of work for the consumer. */
const FLOOD = 1500;
/** Orders each country has waiting when all four are backlogged. */
const BACKLOG = 600;
/** Orders counted for the shares: well before any queue can run dry if the consumer is fair. */
const WINDOW = 1600;
/** How far from a quarter a country's share may be. */
const SHARE_TOLERANCE = 0.03;
const TRICKLE_EVERY_MS = 50;
/** Purchases a site has sent and not yet had a receipt for, while it fills a queue; a tab has one or two. */
const SENDS_IN_FLIGHT = 100;
/** Bounds on waiting, for a machine busy with other work; a fair consumer needs a fraction of them. */
const DRAIN_TIMEOUT_MS = 80_000;
const RECEIPTS_TIMEOUT_MS = 30_000;

/** The measurements go to the test output, where CI keeps them. */
function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

describe("fair processing between the four country queues", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let databasePath: string;
  let consumer: ConsumerService | undefined;
  const sites = {} as Record<Country, SiteClient>;

  /** Puts `count` orders in a country's queue, without waiting for their answers. */
  async function backlog(country: Country, count: number): Promise<Purchase[]> {
    const orders = Array.from({ length: count }, () => newPurchase(country));
    const site = sites[country];
    for (let start = 0; start < count; start += SENDS_IN_FLIGHT) {
      const batch = orders.slice(start, start + SENDS_IN_FLIGHT);
      const receipts = Promise.all(batch.map((order) => site.send(JSON.stringify(order), purchaseSendHeaders(order))));
      await site.whileConnected(`receipts for ${country} orders ${start + 1}-${start + batch.length} of ${count}`, receipts, RECEIPTS_TIMEOUT_MS);
    }
    await eventually(`${count} orders in ${purchaseQueue(country)}`, async () =>
      (await admin.queue(purchaseQueue(country))).messageCount >= count ? true : undefined,
    );
    return orders;
  }

  async function start(): Promise<ConsumerService> {
    const service = await startConsumer(
      loadConfig({
        AMQP_URL: node.amqpUrl,
        HTTP_PORT: "0",
        DATABASE_PATH: databasePath,
        TICKETS_TOTAL: "10000000",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      }),
    );
    consumer = service;
    await service.ready;
    return service;
  }

  beforeAll(async () => {
    node = await startTestBroker();
    teardown.add(() => node.destroy());
    admin = await BrokerAdmin.connect(node);
    teardown.add(() => admin.close());
    const dataDir = mkdtempSync(join(tmpdir(), "consumer-fairness-"));
    teardown.add(() => {
      rmSync(dataDir, { recursive: true, force: true });
      return undefined;
    });
    databasePath = join(dataDir, "tickets.sqlite");
  });

  // Fresh sites for each test, so one that loses its connection cannot take the next test down with it.
  beforeEach(async () => {
    for (const country of COUNTRIES) sites[country] = await SiteClient.connect(node.webStompUrl, country);
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await Promise.all(COUNTRIES.map((country) => sites[country].close()));
  });

  afterAll(() => teardown.run());

  it("when one country floods its queue, the others' orders are answered long before the flood drains", async () => {
    const flood = await backlog("fr", FLOOD);
    const trickling: Promise<number>[] = [];
    // An object, since only the callback below changes it.
    const progress = { drained: false };

    await start();
    const started = performance.now();
    const drainedWhat = "every flood order answered";
    // eventually bounds the wait; around it, whileConnected fails it at once if site-fr's connection is lost.
    const drained = sites.fr.whileConnected(
      drainedWhat,
      eventually(
        drainedWhat,
        () => Promise.resolve(flood.every((order) => sites.fr.answers(order.orderId).length > 0) ? true : undefined),
        DRAIN_TIMEOUT_MS,
      ),
      DRAIN_TIMEOUT_MS + 1_000,
    ).finally(() => {
      progress.drained = true;
    });
    for (let i = 0; !progress.drained; i++) {
      const site = sites[COUNTRIES[1 + (i % 3)] ?? "de"];
      const sentAt = performance.now();
      trickling.push(site.buy(newPurchase(site.country)).then(() => performance.now() - sentAt));
      await new Promise((resolve) => setTimeout(resolve, TRICKLE_EVERY_MS));
    }
    await drained;
    const drainMs = performance.now() - started;
    const latencies = (await Promise.all(trickling)).sort((a, b) => a - b);
    const slowest = latencies.at(-1) ?? Infinity;

    report(
      `flood of ${FLOOD} fr orders drained in ${Math.round(drainMs)} ms; ${latencies.length} trickle orders (de, gb, es) ` +
        `answered in ${Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0)} ms median, ${Math.round(slowest)} ms at worst`,
    );
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    // Queued behind the flood, the first trickle order alone would wait about the whole drain.
    expect(slowest).toBeLessThan(drainMs / 4);
  }, 120_000);

  it("when all four queues are backlogged, each country gets a quarter of the processing", async () => {
    const before = processedCount();
    await Promise.all(COUNTRIES.map((country) => backlog(country, BACKLOG)));

    await start();
    await eventually(
      "the window to be processed",
      () => Promise.resolve(processedCount() >= before + WINDOW ? true : undefined),
      DRAIN_TIMEOUT_MS,
    );
    const window = processedCountries(before, WINDOW);
    const shares = COUNTRIES.map((country) => window.filter((processed) => processed === country).length / WINDOW);

    report(
      `shares of the ${WINDOW} orders processed first with ${BACKLOG} waiting per country: ` +
        COUNTRIES.map((country, i) => `${country} ${((shares[i] ?? 0) * 100).toFixed(1)} %`).join(", "),
    );
    for (const share of shares) expect(Math.abs(share - 0.25)).toBeLessThanOrEqual(SHARE_TOLERANCE);
  }, 120_000);

  /** Orders in the store; the store's rowids are its commit order. */
  function processedCount(): number {
    if (!existsSync(databasePath)) return 0;
    const db = new Database(databasePath, { readonly: true });
    try {
      return db.prepare<[], { count: number }>("SELECT COUNT(*) AS count FROM orders").get()?.count ?? 0;
    } finally {
      db.close();
    }
  }

  /** The countries of `count` orders in commit order, after the first `skip`. */
  function processedCountries(skip: number, count: number): Country[] {
    const db = new Database(databasePath, { readonly: true });
    try {
      return db
        .prepare<[number, number], { country: Country }>("SELECT country FROM orders ORDER BY rowid LIMIT ? OFFSET ?")
        .all(count, skip)
        .map(({ country }) => country);
    } finally {
      db.close();
    }
  }
});
