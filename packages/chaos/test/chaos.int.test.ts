import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Country, PurchaseQuantity } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { startTestBroker, Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsumerProcess } from "./support/consumer-process.js";
import { SimulatedSite } from "./support/simulated-site.js";
import type { StoreAudit } from "./support/store-audit.js";
import { auditStore } from "./support/store-audit.js";
import { until } from "./support/until.js";

/** Two tabs per country. */
const SITES_PER_COUNTRY = 2;
const ORDERS_PER_SITE = 400;
/** How long the sites take to place their orders; the faults happen meanwhile. */
const PLACING_MS = 70_000;
/** Enough for about three quarters of the orders, so the run sells out and rejections are audited too. */
const TICKETS_TOTAL = 80_000;
/** After the last order, how long every site may take to learn every outcome. */
const SETTLE_MS = 90_000;

/** One order in four is for 100 tickets. */
function quantityOf(n: number): PurchaseQuantity {
  return n % 4 === 3 ? 100 : 10;
}

describe("chaos: orders from simulated sites while the consumer is killed, the broker restarts and sockets drop", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let consumer: ConsumerProcess;
  let databasePath: string;
  const sites: SimulatedSite[] = [];
  const faults: string[] = [];

  beforeAll(async () => {
    node = await startTestBroker();
    teardown.add(() => node.destroy());
    const dataDir = mkdtempSync(join(tmpdir(), "tickets-chaos-"));
    teardown.add(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    databasePath = join(dataDir, "tickets.sqlite");
    consumer = new ConsumerProcess({
      amqpUrl: node.amqpUrl,
      databasePath,
      logFile: join(dataDir, "consumer.log"),
      ticketsTotal: TICKETS_TOTAL,
    });
    teardown.add(() => consumer.dispose());
    await consumer.start();
    teardown.add(() => {
      for (const site of sites) site.close();
    });
    for (const country of COUNTRIES) {
      for (let tab = 1; tab <= SITES_PER_COUNTRY; tab++) sites.push(new SimulatedSite(`${country}#${tab}`, country, node.webStompUrl));
    }
    await until("every site online and the consumer consuming", 60_000, async () =>
      sites.every((site) => site.online) && (await consumer.healthy()),
    );
  });

  afterAll(() => teardown.run());

  /** Each site places its orders at an even pace, connected or not: offline ones wait in its outbox. */
  async function placeOrders(): Promise<void> {
    const pause = PLACING_MS / ORDERS_PER_SITE;
    for (let n = 0; n < ORDERS_PER_SITE; n++) {
      for (const site of sites) site.buy(quantityOf(n));
      await sleep(pause);
    }
  }

  /**
   * Kills the consumer and starts it again after `downMs`; `whileDown` runs
   * halfway, when the sites have orders the broker accepted (receipt) but
   * nobody answered, the ones only a resend can bring an outcome for.
   */
  async function killConsumer(downMs = 0, whileDown = (): void => undefined): Promise<void> {
    await consumer.kill();
    faults.push(downMs === 0 ? "consumer SIGKILL, restarted at once" : `consumer SIGKILL, down for ${downMs / 1000} s`);
    await sleep(downMs / 2);
    whileDown();
    await sleep(downMs / 2);
    await consumer.start();
  }

  function dropConnections(...names: string[]): void {
    for (const site of sites.filter(({ name }) => names.includes(name))) site.dropConnection();
    faults.push(`WebSocket dropped: ${names.join(", ")}`);
  }

  function reload(name: string): void {
    sites.find((site) => site.name === name)?.reload();
    faults.push(`page reloaded: ${name}`);
  }

  async function restartBroker(): Promise<void> {
    await node.stop();
    await node.start();
    faults.push("broker restart");
  }

  /** Faults at fixed points while the orders flow; the broker restart takes ~20 s by itself. */
  async function injectFaults(): Promise<void> {
    await sleep(5_000);
    await killConsumer();
    await sleep(4_000);
    await killConsumer(4_000, () => {
      dropConnections("fr#1", "gb#2");
    });
    await sleep(4_000);
    await restartBroker();
    await sleep(6_000);
    await killConsumer(4_000, () => {
      dropConnections("de#2", "es#1");
      reload("gb#1");
    });
    await sleep(4_000);
    await killConsumer();
  }

  it("every order is processed exactly once, the stock adds up, and every site learns every outcome", async () => {
    const started = Date.now();

    await Promise.all([placeOrders(), injectFaults()]);
    await until("every site to learn the outcome of every order", SETTLE_MS, () =>
      Promise.resolve(sites.every((site) => site.unanswered().length === 0)),
    ).catch((error: unknown) => {
      const missing = sites.map(
        (site) => `${site.name} (${site.online ? "online" : "offline"}): unanswered ${JSON.stringify(site.unansweredByStatus())}`,
      );
      throw new Error(`${String(error)}\n${missing.join("\n")}`);
    });
    const exitCode = await consumer.terminate();
    const store = auditStore(databasePath);

    const report = compare(sites, store);
    process.stdout.write(
      [
        `chaos run, ${Math.round((Date.now() - started) / 1000)} s: ${faults.length} faults (${consumer.kills} consumer SIGKILLs)`,
        ...faults.map((fault) => `  - ${fault}`),
        `orders placed by ${sites.length} sites: ${report.placed} (${COUNTRIES.map((c) => `${c} ${report.placedBy[c]}`).join(", ")})`,
        `SEND frames: ${report.sends} (${report.sends - report.placed} resends with the same orderId)`,
        `store: ${store.rows} orders, ${store.distinctOrderIds} distinct orderIds, ${report.storedConfirmed} confirmed, ${report.storedRejected} rejected`,
        `outcomes learned by the sites: ${report.learned} of ${report.placed}, ${report.disagreements} disagreeing with the store`,
        `tickets: total ${store.total}, sold ${store.confirmedTickets} (sites' confirmations ${report.confirmedTickets}, sold counters ${store.soldCounters}), remaining ${store.remaining}`,
      ].join("\n") + "\n",
    );

    expect(exitCode).toBe(0);
    expect(faults).toContain("broker restart");
    expect(consumer.kills).toBeGreaterThanOrEqual(4);
    // Processed exactly once: one row per orderId, and exactly the orderIds the sites placed.
    expect(store.distinctOrderIds).toBe(store.rows);
    expect(report.unknownToSites).toEqual([]);
    expect(report.neverProcessed).toEqual([]);
    expect(store.rows).toBe(report.placed);
    // Every site learned every outcome, and what it learned is what the store decided.
    expect(report.learned).toBe(report.placed);
    expect(report.disagreements).toBe(0);
    // The stock adds up, whichever way it is counted; and the run did sell out.
    expect(store.confirmedTickets).toBe(report.confirmedTickets);
    expect(store.total - store.remaining).toBe(store.confirmedTickets);
    expect(store.soldCounters).toBe(store.confirmedTickets);
    expect(report.storedRejected).toBeGreaterThan(0);
    expect(report.sends).toBeGreaterThan(report.placed);
  });
});

interface Comparison {
  placed: number;
  placedBy: Record<Country, number>;
  sends: number;
  learned: number;
  /** Outcomes a site learned that differ from the store's decision. */
  disagreements: number;
  /** Tickets in the confirmations the sites received. */
  confirmedTickets: number;
  storedConfirmed: number;
  storedRejected: number;
  /** orderIds in the store that no site placed. */
  unknownToSites: string[];
  /** orderIds a site placed that the store never decided. */
  neverProcessed: string[];
}

function compare(sites: readonly SimulatedSite[], store: StoreAudit): Comparison {
  const placed = new Map<string, Country>();
  const placedBy = Object.fromEntries(COUNTRIES.map((country) => [country, 0])) as Record<Country, number>;
  let learned = 0;
  let disagreements = 0;
  let confirmedTickets = 0;
  for (const site of sites) {
    for (const orderId of site.placed.keys()) {
      placed.set(orderId, site.country);
      placedBy[site.country]++;
    }
    for (const [orderId, outcome] of site.outcomes) {
      learned++;
      const stored = store.orders.get(orderId);
      if (stored?.status !== outcome.status || stored.quantity !== outcome.quantity || stored.country !== site.country) disagreements++;
      if (outcome.status === "confirmed") confirmedTickets += outcome.quantity;
    }
  }
  const storedStatuses = [...store.orders.values()].map(({ status }) => status);
  return {
    placed: placed.size,
    placedBy,
    sends: sites.reduce((sum, site) => sum + site.sends, 0),
    learned,
    disagreements,
    confirmedTickets,
    storedConfirmed: storedStatuses.filter((status) => status === "confirmed").length,
    storedRejected: storedStatuses.filter((status) => status === "rejected").length,
    unknownToSites: [...store.orders.keys()].filter((orderId) => !placed.has(orderId)),
    neverProcessed: [...placed.keys()].filter((orderId) => !store.orders.has(orderId)),
  };
}
