import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Country, PurchaseQuantity } from "@repo/contract";
import { COUNTRIES, perCountry } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { startTestBroker, Teardown } from "@repo/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchasesRedelivered } from "./support/broker-stats.js";
import { ConsumerProcess } from "./support/consumer-process.js";
import { SimulatedSite } from "./support/simulated-site.js";
import type { StoreAudit } from "./support/store-audit.js";
import { auditStore } from "./support/store-audit.js";
import { until } from "./support/until.js";

/** Two tabs per country. */
const SITES_PER_COUNTRY = 2;
/** Every site places an order this often, until the faults are over: none of them hits an idle system. */
const ORDER_INTERVAL_MS = 175;
/** Orders each site places at least (70 s of them), however soon the faults are over, so the run sells out. */
const MIN_ORDERS_PER_SITE = 400;
/** Enough for about three quarters of the orders, so the run sells out and rejections are audited too. */
const TICKETS_TOTAL = 80_000;
/** After the last order, how long every site may take to learn every outcome. */
const SETTLE_MS = 90_000;
/** How long a site may take to reconnect before its connection is cut: after a broker restart, up to 15 s of backoff plus half that in jitter. */
const ONLINE_MS = 30_000;
/** The management API samples its statistics every 5 s. */
const REDELIVERY_MS = 20_000;
/** startConsumer waits this long for a started consumer's health endpoint. */
const CONSUMER_START_MS = 60_000;
/** A broker restart: a graceful stop (~10 s; rabbitmqctl stop has no bound of its own), a boot of up to 90 s, and the kill of one that failed (10 s). */
const BROKER_RESTART_MS = 30_000 + 100_000;
/** The pauses of injectFaults, the consumer's frozen and down times included. */
const FAULT_PAUSES_MS = 5_000 + 1_000 + 4_000 + 4_000 + 4_000 + 6_000 + 4_000 + 4_000 + 500;
/** consumer.terminate() sends SIGKILL after 15 s. */
const TERMINATE_MS = 15_000;
/**
 * Above the sum of the test's own bounded waits, so that a slow run fails
 * with the message of the wait that ran out, not a bare timeout. The
 * orders go on as long as the faults (at least MIN_ORDERS_PER_SITE
 * intervals, 70 s, well within the faults' bound): 32.5 s of pauses, four
 * online/redelivery waits (110 s), four consumer starts (240 s) and the
 * broker restart (140 s); then SETTLE_MS (90 s) and the consumer's shutdown
 * (15 s): 627.5 s, plus 30 s for the audit and the rest. A passing run
 * takes under two minutes.
 */
const TEST_TIMEOUT_MS =
  FAULT_PAUSES_MS + 3 * ONLINE_MS + REDELIVERY_MS + 4 * CONSUMER_START_MS + BROKER_RESTART_MS + SETTLE_MS + TERMINATE_MS + 30_000;
/** beforeAll: startTestBroker's budget (120 s), a consumer start and the wait for every site online (60 s), plus 20 s. */
const SETUP_TIMEOUT_MS = 120_000 + CONSUMER_START_MS + 60_000 + 20_000;

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
  /** Each fault, and how many orders it caught unanswered (see exposed()). */
  const exposures: { fault: string; orders: number }[] = [];
  /** Set once the last fault is done; the orders go on until then. */
  let faultsOver = false;

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
    await until("every site online and the consumer consuming", 60_000, async (bound) =>
      sites.every((site) => site.online) && (await consumer.healthy(bound)),
    );
  }, SETUP_TIMEOUT_MS);

  afterAll(() => teardown.run());

  /**
   * Each site places its orders at an even pace, connected or not (offline
   * ones wait in its outbox), until the faults are over and it has placed
   * MIN_ORDERS_PER_SITE: however long the faults take, the last of them
   * still meets orders on their way.
   */
  async function placeOrders(signal: AbortSignal): Promise<void> {
    for (let n = 0; n < MIN_ORDERS_PER_SITE || !faultsOver; n++) {
      for (const site of sites) site.buy(quantityOf(n));
      await sleep(ORDER_INTERVAL_MS, undefined, { signal });
    }
  }

  /** Orders the broker took that nobody has answered yet, over every site: what a consumer fault leaves waiting. */
  function awaitingAnswer(): number {
    return sites.reduce((sum, site) => sum + site.awaitingAnswer(), 0);
  }

  /** Orders placed whose outcome the sites have not learned yet: what a fault of the sites' own connections puts at stake. */
  function unanswered(targets: readonly SimulatedSite[]): number {
    return targets.reduce((sum, site) => sum + site.unanswered().length, 0);
  }

  /** Notes a fault, with the orders it caught unanswered; one that caught none proved nothing, and fails the run. */
  function exposed(fault: string, orders: number): void {
    faults.push(`${fault} (${orders} orders unanswered)`);
    exposures.push({ fault, orders });
  }

  interface ConsumerKill {
    /** How long it stays dead before it is started again. */
    downMs?: number;
    /** How long it hangs (SIGSTOP) before the SIGKILL, holding purchases it will never settle. */
    frozenMs?: number;
    /**
     * Runs halfway through `downMs`, when the sites have orders the broker
     * accepted (receipt) but nobody answered, the ones only a resend can
     * bring an outcome for.
     */
    whileDown?: () => void;
  }

  /**
   * Kills the consumer (SIGKILL) and starts it again on the same store, as
   * an orchestrator would. The orders it leaves waiting are counted after
   * the hang (purchases pile up in the queues meanwhile), or halfway
   * through the down time: a bare kill at a random instant may find an
   * answered moment, so every kill here comes with one or the other.
   */
  async function killConsumer(signal: AbortSignal, { downMs = 0, frozenMs = 0, whileDown }: ConsumerKill): Promise<void> {
    if (frozenMs > 0) {
      consumer.freeze();
      await sleep(frozenMs, undefined, { signal });
    }
    const waitingAtKill = awaitingAnswer();
    await consumer.kill();
    await sleep(downMs / 2, undefined, { signal });
    const waitingWhileDown = awaitingAnswer();
    whileDown?.();
    await sleep(downMs / 2, undefined, { signal });
    const hung = frozenMs > 0 ? `consumer hung for ${frozenMs / 1000} s (SIGSTOP), then ` : "consumer ";
    const fault = `${hung}SIGKILL, ${downMs === 0 ? "restarted at once" : `down for ${downMs / 1000} s`}`;
    exposed(fault, downMs > 0 ? waitingWhileDown : waitingAtKill);
    await consumer.start();
  }

  /** Connection losses each site must have seen, by site name: one per WebSocket cut while it was open. */
  const lossesDue = new Map<string, number>();

  function expectLoss(site: SimulatedSite): void {
    lossesDue.set(site.name, (lossesDue.get(site.name) ?? 0) + 1);
  }

  function sitesNamed(names: readonly string[]): SimulatedSite[] {
    return sites.filter(({ name }) => names.includes(name));
  }

  /** A cut only counts as a fault if there was a connection to cut: waits for the sites to be connected first. */
  async function online(targets: readonly SimulatedSite[], signal: AbortSignal): Promise<void> {
    await until(
      `${targets.map(({ name }) => name).join(", ")} online, to cut their connections`,
      ONLINE_MS,
      () => Promise.resolve(targets.every((site) => site.online)),
      signal,
    );
  }

  function dropConnections(targets: readonly SimulatedSite[]): void {
    const owed = Math.min(...targets.map((site) => unanswered([site])));
    for (const site of targets) {
      site.dropConnection();
      expectLoss(site);
    }
    // The least any of them had at stake: each cut must catch orders of its own.
    exposed(`WebSocket dropped: ${targets.map(({ name }) => name).join(", ")}`, owed);
  }

  function reload(name: string): void {
    const site = sitesNamed([name])[0];
    if (site === undefined) throw new Error(`no site named ${name}`);
    const owed = unanswered([site]);
    site.reload();
    exposed(`page reloaded: ${name}`, owed);
  }

  async function restartBroker(signal: AbortSignal): Promise<void> {
    await online(sites, signal);
    await node.stop();
    for (const site of sites) expectLoss(site);
    // Orders the sites still owe while the node is down: in-flight ones queued again, new ones waiting in the outboxes.
    const owed = unanswered(sites);
    // "already running" would mean the stop did nothing, and no connection was ever cut.
    expect(await node.start(), `starting node ${node.name} again`).toBe("started");
    exposed("broker restart", owed);
  }

  /** Purchases the broker redelivered after the consumer kills, before its restart reset the count. */
  let redelivered = 0;

  /** Faults at fixed points while the orders flow, which they do until the last fault is done; the broker restart takes ~20 s by itself. */
  async function injectFaults(signal: AbortSignal): Promise<void> {
    await sleep(5_000, undefined, { signal });
    await killConsumer(signal, { frozenMs: 1_000 });
    await sleep(4_000, undefined, { signal });
    const firstCut = sitesNamed(["fr#1", "gb#2"]);
    await online(firstCut, signal);
    await killConsumer(signal, {
      downMs: 4_000,
      whileDown: () => {
        dropConnections(firstCut);
      },
    });
    await sleep(4_000, undefined, { signal });
    // Only a dead consumer's deliveries are redelivered before the broker restarts, which resets the count too.
    await until(
      "the broker to redeliver the purchases the killed consumer held",
      REDELIVERY_MS,
      async (bound) => (redelivered = await purchasesRedelivered(node, bound)) > 0,
      signal,
    );
    await restartBroker(signal);
    await sleep(6_000, undefined, { signal });
    const secondCut = sitesNamed(["de#2", "es#1"]);
    await online(secondCut, signal);
    await killConsumer(signal, {
      downMs: 4_000,
      whileDown: () => {
        dropConnections(secondCut);
        reload("gb#1");
      },
    });
    await sleep(4_000, undefined, { signal });
    await killConsumer(signal, { frozenMs: 500 });
    faultsOver = true;
  }

  it("every order is processed exactly once, the stock adds up, and every site learns every outcome", async () => {
    const started = Date.now();

    await together(placeOrders, injectFaults);
    await until("every site to learn the outcome of every order", SETTLE_MS, () =>
      Promise.resolve(sites.every((site) => site.unanswered().length === 0)),
    ).catch((error: unknown) => {
      const missing = sites.map(
        (site) => `${site.name} (${site.online ? "online" : "offline"}): unanswered ${JSON.stringify(site.unansweredByStatus())}`,
      );
      throw new Error(`${String(error)}\n${missing.join("\n")}`);
    });
    const exitCode = await consumer.terminate();
    const idleFaults = exposures.filter(({ orders }) => orders === 0).map(({ fault }) => fault);
    const store = auditStore(databasePath);

    const report = compare(sites, store);
    const lossShortfalls = sites
      .filter((site) => site.connectionsLost < (lossesDue.get(site.name) ?? 0))
      .map((site) => `${site.name} saw ${site.connectionsLost} connection losses of ${lossesDue.get(site.name)} cut`);
    process.stdout.write(
      [
        `chaos run, ${Math.round((Date.now() - started) / 1000)} s: ${faults.length} faults (${consumer.kills} consumer SIGKILLs)`,
        ...faults.map((fault) => `  - ${fault}`),
        `purchases the broker redelivered after the consumer kills: ${redelivered}`,
        `connection losses the sites saw: ${sites.map((site) => `${site.name} ${site.connectionsLost}`).join(", ")}`,
        `orders placed by ${sites.length} sites: ${report.placed} (${COUNTRIES.map((c) => `${c} ${report.placedBy[c]}`).join(", ")})`,
        `SEND frames: ${report.sends} (${report.sends - report.placed} resends with the same orderId)`,
        `store: ${store.orders.size} orders, ${report.storedConfirmed} confirmed, ${report.storedRejected} rejected`,
        `outcomes learned by the sites: ${report.learned} of ${report.placed}, ${report.disagreements} disagreeing with the store`,
        `tickets: total ${store.total}, sold ${store.confirmedTickets} (sites' confirmations ${report.confirmedTickets}, sold counters ${store.soldCounters}), remaining ${store.remaining}`,
      ].join("\n") + "\n",
    );

    expect(exitCode).toBe(0);
    // Every fault caught orders unanswered: none hit an idle system.
    expect(idleFaults).toEqual([]);
    // The faults reached the sites: every cut connection was seen to fail.
    expect(lossShortfalls).toEqual([]);
    // The store holds exactly the orderIds the sites placed (one row each, the orderId being its key).
    expect(report.unknownToSites).toEqual([]);
    expect(report.neverProcessed).toEqual([]);
    // Every site learned every outcome, and what it learned is what the store decided.
    expect(report.learned).toBe(report.placed);
    expect(report.disagreements).toBe(0);
    // None sold twice: the stock adds up, whichever way it is counted; and the run reached the sold-out: some order was refused for want of stock.
    expect(store.confirmedTickets).toBe(report.confirmedTickets);
    expect(store.total - store.remaining).toBe(store.confirmedTickets);
    expect(store.soldCounters).toBe(store.confirmedTickets);
    expect(report.storedRejected).toBeGreaterThan(0);
    expect(report.sends).toBeGreaterThan(report.placed);
  }, TEST_TIMEOUT_MS);
});

/**
 * Runs the loops side by side until all have ended. The first to fail stops
 * the others through their signal, so none is still killing and starting
 * the consumer when the teardown runs; its error is the one thrown.
 */
async function together(...loops: ((signal: AbortSignal) => Promise<void>)[]): Promise<void> {
  const failed = new AbortController();
  await Promise.allSettled(
    loops.map((loop) =>
      loop(failed.signal).catch((error: unknown) => {
        failed.abort(error);
        throw error;
      }),
    ),
  );
  if (failed.signal.aborted) throw failed.signal.reason;
}

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
  const placedBy = perCountry(() => 0);
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
      // Against the placed quantity too: a site shows the quantity the store's answer names, so the outcome's alone
      // would only repeat the store.
      const quantity = site.placed.get(orderId)?.quantity;
      if (stored?.status !== outcome.status || stored.quantity !== quantity || stored.quantity !== outcome.quantity || stored.country !== site.country) disagreements++;
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
