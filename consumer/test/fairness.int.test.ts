import { existsSync } from "node:fs";
import type { Country, Purchase } from "@repo/contract";
import { COUNTRIES, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { Teardown } from "@repo/stack";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import { SiteClient } from "./support/site-client.js";
import { newPurchase } from "./support/purchases.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { testConsumerConfig } from "./support/test-config.js";
import { startBrokerWithAdmin } from "./support/test-broker.js";

/** Orders one country has waiting while the others trickle: seconds of work for the consumer. */
const FLOOD = 1500;
/** The countries that trickle while fr floods. */
const TRICKLING = COUNTRIES.filter((country) => country !== "fr");
/** Orders each trickling country buys during the flood, one at a time: enough for a median to mean something. */
const TRICKLE_PER_COUNTRY = 10;
/** Orders each country has waiting when all are backlogged. */
const BACKLOG = 600;
/** Orders counted for the shares: well before any queue can run dry if the consumer is fair. */
const WINDOW = 1600;
/** A country's fair share of the processing: an equal one (a quarter, with four). */
const FAIR_SHARE = 1 / COUNTRIES.length;
/** How far from its fair share a country's share may be. */
const SHARE_TOLERANCE = 0.03;
/** Purchases a site has sent and not yet had a receipt for, while it fills a queue; a tab has one or two. */
const SENDS_IN_FLIGHT = 100;
/** Bounds on waiting, for a machine busy with other work; a fair consumer needs a fraction of them. */
const DRAIN_TIMEOUT_MS = 80_000;
const RECEIPTS_TIMEOUT_MS = 30_000;

/** The measurements go to the test output, where CI keeps them. */
function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

describe("fair processing between the country queues", () => {
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

  /**
   * Buys `count` orders from a site as a customer does, the next once the
   * last is answered, until `signal` says the test is over; their ids.
   * Waiting for each answer ties the pace to the consumer's, not the clock's.
   */
  async function trickle(site: SiteClient, count: number, signal: AbortSignal): Promise<string[]> {
    const orderIds: string[] = [];
    while (orderIds.length < count && !signal.aborted) {
      const order = newPurchase(site.country);
      orderIds.push(order.orderId);
      await site.buy(order);
    }
    return orderIds;
  }

  async function start(): Promise<ConsumerService> {
    const service = await startConsumer(
      testConsumerConfig(node.amqpUrl, databasePath, { TICKETS_TOTAL: "10000000" }),
    );
    consumer = service;
    await service.ready;
    return service;
  }

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    databasePath = temporaryDatabase(teardown, "consumer-fairness-");
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

  it("when one country floods its queue, the others' orders are committed ahead of most of the flood", async () => {
    const flood = await backlog("fr", FLOOD);
    // The sites this test started with, whatever the next test's beforeEach puts in `sites`.
    const fr = sites.fr;
    const trickling = TRICKLING.map((country) => sites[country]);
    const stopTrickling = new AbortController();

    await start();
    const drainedWhat = "every flood order answered";
    // eventually bounds the wait; around it, whileConnected fails it at once if site-fr's connection is lost.
    const drained = fr.whileConnected(
      drainedWhat,
      eventually(
        drainedWhat,
        () => Promise.resolve(flood.every((order) => fr.answers(order.orderId).length > 0) ? true : undefined),
        DRAIN_TIMEOUT_MS,
      ),
      DRAIN_TIMEOUT_MS + 1_000,
    );
    const bought = Promise.all(trickling.map((site) => trickle(site, TRICKLE_PER_COUNTRY, stopTrickling.signal)));
    let trickled: string[][];
    try {
      [trickled] = await Promise.all([bought, drained]);
    } finally {
      // After a failure, the other countries stop buying instead of sending into a closing connection.
      stopTrickling.abort();
    }
    const before = floodCommittedBefore(flood, trickled.flat());
    const sorted = [...before].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? FLOOD;
    const worst = sorted.at(-1) ?? FLOOD;

    report(
      `${before.length} trickle orders (${TRICKLING.join(", ")}), one at a time per country, during a flood of ${FLOOD} fr orders: ` +
        `a median of ${median} and at most ${worst} flood orders committed before each`,
    );
    expect(before).toHaveLength(TRICKLING.length * TRICKLE_PER_COUNTRY);
    // Queued behind the flood, every trickle order would have all of it committed first.
    expect(median).toBeLessThan(FLOOD / 4);
    // And the last trickle order came before the flood's last.
    expect(worst).toBeLessThan(FLOOD);
  }, 120_000);

  it("when every queue is backlogged, each country gets an equal share of the processing", async () => {
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
    for (const share of shares) expect(Math.abs(share - FAIR_SHARE)).toBeLessThanOrEqual(SHARE_TOLERANCE);
  }, 120_000);

  /**
   * For each of `orderIds` in the store, how many of `flood` were committed
   * before it: an order that waited behind the flood has all of it before it,
   * however fast the machine. Rows are inserted as they commit, so rowid order
   * is commit order.
   */
  function floodCommittedBefore(flood: Purchase[], orderIds: string[]): number[] {
    const floodIds = new Set(flood.map(({ orderId }) => orderId));
    const db = new Database(databasePath, { readonly: true });
    try {
      const before = new Map<string, number>();
      let committed = 0;
      for (const { orderId } of db.prepare<[], { orderId: string }>("SELECT order_id AS orderId FROM orders ORDER BY rowid").iterate()) {
        before.set(orderId, committed);
        if (floodIds.has(orderId)) committed++;
      }
      return orderIds.flatMap((orderId) => before.get(orderId) ?? []);
    } finally {
      db.close();
    }
  }

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
