import { PURCHASE_DELIVERY_LIMIT, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { Teardown } from "@repo/stack";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import { retryDelayMs } from "../src/retry-backoff.js";
import type { OrderStore } from "../src/store/order-store.js";
import { openSqliteStore } from "../src/store/sqlite-store.js";
import type { BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import { newPurchase } from "./support/purchases.js";
import type { SiteClient } from "./support/site-client.js";
import { withPlaceOrderFault } from "./support/faulty-store.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { testConsumerConfig } from "./support/test-config.js";
import { withTimeout } from "./support/with-timeout.js";
import { connectSites, startBrokerWithAdmin } from "./support/test-broker.js";

/** How long the store stays down in the outage case: the fault the retry backoff is sized for. */
const OUTAGE_MS = 3_000;
/** The hold before the last delivery in the stop case: far longer than any stop, so a stop that waited it out cannot pass. */
const LONG_HOLD_MS = 60_000;
/** How long that stop may take and still have cut the hold short: room for closing five connections on a slow machine. */
const STOP_BOUND_MS = 30_000;
/**
 * The longest one call into the store may take while another process holds
 * the database's write lock: far above the store's busy timeout (100 ms),
 * below the lock's OUTAGE_MS, and far below better-sqlite3's own 5 s, which
 * a connection waiting synchronously for the lock would block the event
 * loop for. Timed around the calls themselves, not as gaps between timer
 * ticks, so that the time the process is descheduled between calls does not
 * count; within a call it does, as does a commit's disk sync, which a busy
 * disk (the broker's quorum queues sync too) can stretch: hence the room.
 */
const MOST_STORE_CALL_MS = 2_000;

/** The store, with every call timed: `record` gets each call's duration in ms. */
function timedCalls(store: OrderStore, record: (ms: number) => void): OrderStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        const started = performance.now();
        try {
          return Reflect.apply(value, target, args) as unknown;
        } finally {
          record(performance.now() - started);
        }
      };
    },
  });
}

/**
 * A store that fails for a while (SQLITE_IOERR, SQLITE_FULL, a lock held too
 * long). A purchase whose decision fails is held for a backoff that grows
 * with its delivery count before it goes back to its queue, so the six
 * deliveries the queue allows span seconds, not milliseconds. A real broker,
 * because the delivery count is the quorum queue's.
 */
describe("a store that fails for a while", () => {
  const teardown = new Teardown();
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let databasePath: string;
  let consumer: ConsumerService;
  let sites: Record<"fr" | "de", SiteClient>;
  /** Until when (ms since the epoch) every decision fails, as in a store outage. */
  let outageUntil = 0;
  /** Orders whose decision fails whenever it is tried. */
  const failing = new Set<string>();
  /** When the store was asked to place each order, ms since the epoch. */
  const attempts = new Map<string, number[]>();
  /** Set by the stop case: the hold before the last delivery lasts LONG_HOLD_MS instead of its backoff. */
  let longHoldBeforeLast = false;
  /** A hold of LONG_HOLD_MS has begun. */
  let longHoldStarted = false;
  /** The longest call into the store since a test reset it, in ms. */
  let longestStoreCallMs = 0;

  /** The consumer's own backoff, except the hold before the last delivery while the stop case asks for a long one. */
  function holdMs(deliveryCount: number): number {
    if (!longHoldBeforeLast || deliveryCount !== PURCHASE_DELIVERY_LIMIT - 1) return retryDelayMs(deliveryCount);
    longHoldStarted = true;
    return LONG_HOLD_MS;
  }

  /**
   * The real SQLite store, except that placing an order fails during the
   * outage, and always for `failing` ones; its calls are timed.
   */
  function faultyStore(): OrderStore {
    const faulty = withPlaceOrderFault(openSqliteStore({ path: databasePath, initialStock: 1_000 }), (orderId) => {
      attempts.set(orderId, [...(attempts.get(orderId) ?? []), Date.now()]);
      if (Date.now() < outageUntil || failing.has(orderId)) {
        throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
      }
    });
    return timedCalls(faulty, (ms) => {
      longestStoreCallMs = Math.max(longestStoreCallMs, ms);
    });
  }

  async function start(): Promise<ConsumerService> {
    const config = testConsumerConfig(node.amqpUrl, databasePath);
    const started = await startConsumer(config, { store: faultyStore(), retryDelayMs: holdMs });
    await started.ready;
    return started;
  }

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    databasePath = temporaryDatabase(teardown, "consumer-store-outage-");
    consumer = await start();
    // The consumer of the moment: a test stops it and starts another.
    teardown.add(() => consumer.stop());
    sites = await connectSites(teardown, node, ["fr", "de"]);
  });

  afterAll(() => teardown.run());

  it(`when the store is down for ${OUTAGE_MS} ms, a purchase sent meanwhile is retried with a growing backoff and confirmed, not refused processing_failed`, async () => {
    const order = newPurchase("fr");
    outageUntil = Date.now() + OUTAGE_MS;

    const answer = await sites.fr.buy(order);

    const tried = attempts.get(order.orderId) ?? [];
    const gaps = tried.slice(1).map((at, i) => at - (tried[i] ?? at));
    expect(answer).toMatchObject({ orderId: order.orderId, status: "confirmed" });
    expect(sites.fr.answers(order.orderId)).toHaveLength(1);
    // Every delivery but the one that succeeded fell in the outage, and the queue allowed one more.
    expect(tried.length).toBeGreaterThanOrEqual(2);
    expect(tried.length).toBeLessThanOrEqual(PURCHASE_DELIVERY_LIMIT + 1);
    expect(tried.at(-1)).toBeGreaterThanOrEqual(outageUntil);
    // Each retry waited its backoff, give or take a millisecond of timer rounding.
    expect(gaps.every((gap, count) => gap >= retryDelayMs(count) - 2)).toBe(true);
  });

  it(`when another process holds the database's write lock for ${OUTAGE_MS} ms, a purchase sent meanwhile is confirmed through the retry backoff, and the event loop never stalls waiting for the lock`, async () => {
    const order = newPurchase("fr");
    const other = new Database(databasePath);
    other.prepare("BEGIN IMMEDIATE").run();
    longestStoreCallMs = 0;
    const released = new Promise<void>((resolve) => {
      setTimeout(() => {
        other.prepare("ROLLBACK").run();
        other.close();
        resolve();
      }, OUTAGE_MS);
    });

    const answer = await sites.fr.buy(order).finally(() => released);

    expect(answer).toMatchObject({ orderId: order.orderId, status: "confirmed" });
    expect(longestStoreCallMs).toBeGreaterThan(0);
    expect(longestStoreCallMs).toBeLessThan(MOST_STORE_CALL_MS);
  });

  it("when the consumer stops while a failed purchase waits out its backoff, it stops at once and the purchase goes back to its queue, to be sold by the next", async () => {
    const order = newPurchase("de");
    failing.add(order.orderId);
    longHoldBeforeLast = true;
    await sites.de.send(JSON.stringify(order), purchaseSendHeaders(order));
    // Its fifth delivery has failed, and it is held before the last one the queue allows.
    await eventually("the hold before the last delivery", () => Promise.resolve(longHoldStarted ? true : undefined));

    // A stop that waited out the hold would take LONG_HOLD_MS; one that cut it short is done long before.
    await withTimeout(consumer.stop(), STOP_BOUND_MS, `the stop still waits after ${STOP_BOUND_MS} ms: it is waiting out the ${LONG_HOLD_MS} ms hold`);
    const queued = await eventually("the purchase back in its queue", async () => {
      const { messageCount } = await admin.queue(purchaseQueue("de"));
      return messageCount > 0 ? messageCount : undefined;
    });
    failing.delete(order.orderId);
    longHoldBeforeLast = false;
    consumer = await start();

    expect(queued).toBe(1);
    expect(await sites.de.confirmation(order.orderId)).toMatchObject({ status: "confirmed" });
    expect(attempts.get(order.orderId)).toHaveLength(PURCHASE_DELIVERY_LIMIT + 1);
  });
});
