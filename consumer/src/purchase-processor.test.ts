import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Purchase } from "@repo/contract";
import { PURCHASE_DELIVERY_LIMIT } from "@repo/contract";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Delivery, Reply, ReplyPublisher } from "./delivery.js";
import type { Metrics } from "./metrics.js";
import { createMetrics } from "./metrics.js";
import { createPurchaseProcessor } from "./purchase-processor.js";
import type { OrderStore } from "./store/order-store.js";
import { openSqliteStore } from "./store/sqlite-store.js";

const NOW = new Date("2025-11-25T12:00:00.000Z");

/**
 * Records replies. `failing` makes a publish fail as a channel that closes
 * before the confirm does; `refusing` makes the reply queue refuse it, as a
 * broker nack does.
 */
class FakeReplies implements ReplyPublisher {
  readonly sent: Reply[] = [];
  failing = false;
  refusing = false;

  publish(reply: Reply): Promise<boolean> {
    if (this.failing) return Promise.reject(new Error("channel closed"));
    if (this.refusing) return Promise.resolve(false);
    this.sent.push(reply);
    return Promise.resolve(true);
  }
}

function delivery(purchase: Purchase, overrides: Partial<Delivery> = {}): Delivery {
  return {
    body: new TextEncoder().encode(JSON.stringify(purchase)),
    routingKey: `purchase.${purchase.country}`,
    userId: `site-${purchase.country}`,
    correlationId: purchase.orderId,
    replyTo: "amq.gen-abc123",
    redelivered: false,
    deliveryCount: 0,
    ...overrides,
  };
}

function purchase(): Purchase {
  return { orderId: crypto.randomUUID(), country: "gb", quantity: 10, placedAt: NOW.toISOString() };
}

/** The store, except that deciding an order fails, as it does while another connection holds the write lock. */
function refusingWrites(store: OrderStore): OrderStore {
  return {
    ...store,
    placeOrder: () => {
      throw new Error("SQLITE_BUSY: database is locked");
    },
  };
}

/** The store, except that no transaction can begin or commit, as when another process holds the lock or the disk is full. */
function failingTransactions(store: OrderStore): { store: OrderStore; attempts: () => number } {
  let attempts = 0;
  return {
    store: {
      ...store,
      transaction: () => {
        attempts += 1;
        throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
      },
    },
    attempts: () => attempts,
  };
}

type OrderLabels = Partial<Record<"country" | "status" | "reason", string>>;

async function counted(metrics: Metrics, labels: OrderLabels, counter: "orders" | "replays" = "orders"): Promise<number> {
  const { values } = await metrics[counter].get();
  const wanted = Object.entries(labels) as [keyof OrderLabels, string][];
  return values.find((value) => wanted.every(([name, label]) => (value.labels as OrderLabels)[name] === label))?.value ?? 0;
}

/** How many handlings the histogram timed under exactly this country and status. */
async function timed(metrics: Metrics, country: string, status: string): Promise<number> {
  const { values } = await metrics.handlingSeconds.get();
  const count = values.find(
    ({ metricName, labels }) => metricName === "tickets_order_handling_seconds_count" && labels.country === country && labels.status === status,
  );
  return count?.value ?? 0;
}

describe("createPurchaseProcessor", () => {
  let store: OrderStore;
  let metrics: Metrics;
  let replies: FakeReplies;

  beforeEach(() => {
    store = openSqliteStore({ path: ":memory:", initialStock: 100 });
    metrics = createMetrics(store);
    replies = new FakeReplies();
  });

  afterEach(() => {
    store.close();
  });

  it("when a purchase is sold, the confirmation is published before the delivery is acknowledged", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    const order = purchase();
    let confirmByBroker: (confirmed: boolean) => void = () => undefined;
    const brokerConfirm = new Promise<boolean>((resolve) => (confirmByBroker = resolve));
    let published: () => void = () => undefined;
    const publishing = new Promise<void>((resolve) => (published = resolve));
    const publish = replies.publish.bind(replies);
    replies.publish = (reply) => {
      published();
      return publish(reply).then(() => brokerConfirm);
    };

    const settling = handle(delivery(order), replies);
    let settled = false;
    void settling.then(() => {
      settled = true;
    });
    // Published, and every callback that follows has run, save those waiting for the broker's confirm.
    await publishing;
    await new Promise((resolve) => setImmediate(resolve));
    const settledBeforeTheConfirm = settled;
    confirmByBroker(true);
    const settlement = await settling;

    expect(settledBeforeTheConfirm).toBe(false);
    expect(settlement).toBe("ack");
    expect(replies.sent).toHaveLength(1);
    expect(replies.sent[0]?.confirmation).toMatchObject({ orderId: order.orderId, status: "confirmed" });
    expect(await counted(metrics, { country: "gb", status: "confirmed", reason: "none" })).toBe(1);
  });

  it("when a purchase is invalid, the rejection is published and the delivery dead-lettered", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    const order = purchase();

    const settlement = await handle(delivery(order, { userId: "site-fr" }), replies);

    expect(settlement).toBe("dead-letter");
    expect(replies.sent[0]?.confirmation).toMatchObject({ status: "rejected", reason: "wrong_site" });
    expect(await counted(metrics, { country: "gb", status: "rejected", reason: "wrong_site" })).toBe(1);
  });

  it("when the store's transaction cannot begin, an invalid purchase is still answered and dead-lettered, never requeued, without the store", async () => {
    const failing = failingTransactions(store);
    const handle = createPurchaseProcessor({ store: failing.store, metrics, now: () => NOW });

    const settlement = await handle(delivery(purchase(), { body: new TextEncoder().encode("not json") }), replies);

    expect(settlement).toBe("dead-letter");
    expect(replies.sent[0]?.confirmation).toMatchObject({ status: "rejected", reason: "invalid_json", quantity: null });
    expect(failing.attempts()).toBe(0);
    expect(await counted(metrics, { status: "failed" })).toBe(0);
  });

  it("when an invalid purchase arrives together with a valid one and their commit fails, the invalid one is dead-lettered and only the valid one requeued", async () => {
    const failing = failingTransactions(store);
    const handle = createPurchaseProcessor({ store: failing.store, metrics, now: () => NOW });
    const order = purchase();

    const settlements = await Promise.all([handle(delivery(order, { userId: "site-fr" }), replies), handle(delivery(purchase()), replies)]);

    expect(settlements).toEqual(["dead-letter", "requeue"]);
    expect(replies.sent.map(({ confirmation }) => confirmation)).toEqual([
      expect.objectContaining({ orderId: order.orderId, status: "rejected", reason: "wrong_site", quantity: 10 }),
    ]);
    expect(failing.attempts()).toBe(1);
  });

  it("when another connection holds the database's write lock, an invalid purchase is dead-lettered and a valid one requeued", async () => {
    const dir = mkdtempSync(join(tmpdir(), "consumer-processor-"));
    const path = join(dir, "tickets.sqlite");
    const onFile = openSqliteStore({ path, initialStock: 100 });
    const other = new Database(path);
    other.prepare("BEGIN IMMEDIATE").run();
    const handle = createPurchaseProcessor({ store: onFile, metrics: createMetrics(onFile), now: () => NOW });
    try {
      const invalid = await handle(delivery(purchase(), { body: new TextEncoder().encode("not json") }), replies);
      const valid = await handle(delivery(purchase()), replies);

      expect([invalid, valid]).toEqual(["dead-letter", "requeue"]);
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
      onFile.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when a purchase cannot be answered, nothing is published and the delivery is dead-lettered", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });

    const settlement = await handle(delivery(purchase(), { replyTo: "purchases.gb" }), replies);

    expect(settlement).toBe("dead-letter");
    expect(replies.sent).toEqual([]);
  });

  it("when the reply is not confirmed, the delivery is requeued and its redelivery gets the same answer", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    const order = purchase();
    replies.failing = true;
    const first = await handle(delivery(order), replies);
    replies.failing = false;

    const second = await handle(delivery(order, { redelivered: true, deliveryCount: 1 }), replies);

    expect([first, second]).toEqual(["requeue", "ack"]);
    expect(replies.sent[0]?.confirmation).toMatchObject({ status: "confirmed", remaining: 90 });
    expect(store.stock().remaining).toBe(90);
  });

  it("when the reply queue refuses the confirmation, the sale stands and the delivery is acknowledged, not retried", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    replies.refusing = true;

    const settlement = await handle(delivery(purchase()), replies);

    expect(settlement).toBe("ack");
    expect(store.stock().remaining).toBe(90);
    expect(await counted(metrics, { status: "confirmed" })).toBe(1);
    expect(await counted(metrics, { status: "failed" })).toBe(0);
  });

  it("when the reply queue refuses a rejection, the invalid purchase is still dead-lettered, not retried", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    replies.refusing = true;

    const settlement = await handle(delivery(purchase(), { userId: "site-fr" }), replies);

    expect(settlement).toBe("dead-letter");
    expect(await counted(metrics, { status: "failed" })).toBe(0);
  });

  it("when the store fails, nothing is published and the delivery is requeued", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    store.close();

    const settlement = await handle(delivery(purchase()), replies);

    expect(settlement).toBe("requeue");
    expect(replies.sent).toEqual([]);
    expect(await counted(metrics, { status: "failed" })).toBe(1);
  });

  it("when the store cannot take a purchase on its next-to-last delivery, it is requeued unanswered; only the last delivery is refused processing_failed", async () => {
    const handle = createPurchaseProcessor({ store: refusingWrites(store), metrics, now: () => NOW });
    const order = purchase();

    const nextToLast = await handle(delivery(order, { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT - 1 }), replies);
    const sentBeforeTheLast = replies.sent.length;
    const last = await handle(delivery(order, { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT }), replies);

    expect([nextToLast, last]).toEqual(["requeue", "dead-letter"]);
    expect(sentBeforeTheLast).toBe(0);
    expect(replies.sent.map(({ confirmation }) => confirmation)).toEqual([
      expect.objectContaining({ orderId: order.orderId, status: "rejected", reason: "processing_failed" }),
    ]);
  });

  it("when the store cannot take a purchase on the last delivery the queue allows, the buyer is told processing_failed and nothing is sold", async () => {
    const handle = createPurchaseProcessor({ store: refusingWrites(store), metrics, now: () => NOW });
    const order = purchase();

    const settlement = await handle(delivery(order, { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT }), replies);

    expect(settlement).toBe("dead-letter");
    expect(replies.sent).toHaveLength(1);
    expect(replies.sent[0]?.confirmation).toMatchObject({ orderId: order.orderId, status: "rejected", reason: "processing_failed", quantity: 10 });
    expect(await counted(metrics, { status: "rejected", reason: "processing_failed" })).toBe(1);
    expect(store.stock().remaining).toBe(100);
  });

  it("when an earlier delivery sold the order and the store fails on the last one, the buyer gets the stored confirmation", async () => {
    const order = purchase();
    replies.failing = true;
    await createPurchaseProcessor({ store, metrics, now: () => NOW })(delivery(order), replies);
    replies.failing = false;
    const handle = createPurchaseProcessor({ store: refusingWrites(store), metrics, now: () => NOW });

    const settlement = await handle(delivery(order, { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT }), replies);

    expect(settlement).toBe("ack");
    expect(replies.sent.map(({ confirmation }) => confirmation)).toEqual([
      expect.objectContaining({ orderId: order.orderId, status: "confirmed", quantity: 10, remaining: 90 }),
    ]);
    expect(store.stock().remaining).toBe(90);
    expect(await counted(metrics, { reason: "processing_failed" })).toBe(0);
  });

  it("when the store cannot even be read on the last delivery, the purchase is dead-lettered unanswered: nobody knows whether it sold", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    store.close();

    const settlement = await handle(delivery(purchase(), { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT }), replies);

    expect(settlement).toBe("dead-letter");
    expect(replies.sent).toEqual([]);
    expect(await counted(metrics, { status: "rejected", reason: "outcome_unknown" })).toBe(1);
    expect(await counted(metrics, { reason: "processing_failed" })).toBe(0);
  });

  it("when the reply fails on the last delivery, the sale stands and the delivery is requeued, not refused", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    replies.failing = true;

    const settlement = await handle(delivery(purchase(), { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT }), replies);

    expect(settlement).toBe("requeue");
    expect(store.stock().remaining).toBe(90);
  });

  it("when one order is delivered three times, it counts as one confirmation and two replays", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    const order = purchase();

    await handle(delivery(order), replies);
    await handle(delivery(order, { redelivered: true, deliveryCount: 1 }), replies);
    await handle(delivery(order), replies);

    expect(replies.sent).toHaveLength(3);
    expect(await counted(metrics, { country: "gb", status: "confirmed", reason: "none" })).toBe(1);
    expect(await counted(metrics, { country: "gb", status: "confirmed" }, "replays")).toBe(2);
  });

  it("when the reply fails after the sale and the last allowed delivery is answered from the store, the sale counts once and the answer as a replay", async () => {
    const order = purchase();
    replies.failing = true;
    await createPurchaseProcessor({ store, metrics, now: () => NOW })(delivery(order), replies);
    replies.failing = false;
    const handle = createPurchaseProcessor({ store: refusingWrites(store), metrics, now: () => NOW });

    await handle(delivery(order, { redelivered: true, deliveryCount: PURCHASE_DELIVERY_LIMIT }), replies);

    expect(await counted(metrics, { status: "confirmed" })).toBe(1);
    expect(await counted(metrics, { status: "failed" })).toBe(1);
    expect(await counted(metrics, { status: "confirmed" }, "replays")).toBe(1);
  });

  it("tells the stock changed once per sale, not for a replay or a sold-out rejection", async () => {
    let changes = 0;
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW, onStockChanged: () => changes++ });
    const order = purchase();

    await handle(delivery(order), replies);
    await handle(delivery(order, { redelivered: true }), replies);
    await handle(delivery({ ...purchase(), quantity: 100 }), replies);

    expect(replies.sent.map(({ confirmation }) => confirmation.status)).toEqual(["confirmed", "confirmed", "rejected"]);
    expect(changes).toBe(1);
  });

  it("when the stock cannot cover the quantity, the rejection is counted in the orders metric under reason sold_out", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });
    await handle(delivery(purchase()), replies);

    await handle(delivery({ ...purchase(), quantity: 100 }), replies);

    expect(replies.sent[1]?.confirmation).toMatchObject({ status: "rejected", reason: "sold_out" });
    expect(await counted(metrics, { country: "gb", status: "rejected", reason: "sold_out" })).toBe(1);
    expect(await counted(metrics, { status: "rejected", reason: "none" })).toBe(0);
  });

  it("times each processed order once, under its country and status", async () => {
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW });

    await handle(delivery(purchase()), replies);
    await handle(delivery({ ...purchase(), quantity: 100 }), replies);

    expect(await timed(metrics, "gb", "confirmed")).toBe(1);
    expect(await timed(metrics, "gb", "rejected")).toBe(1);
  });

  it("when a sale is committed and its reply then fails, the stock change was signalled before the reply went out, once, and the purchase is requeued", async () => {
    let changes = 0;
    const changesWhenPublishing: number[] = [];
    const failingReplies: ReplyPublisher = {
      publish: () => {
        changesWhenPublishing.push(changes);
        return Promise.reject(new Error("channel closed"));
      },
    };
    const handle = createPurchaseProcessor({ store, metrics, now: () => NOW, onStockChanged: () => changes++ });

    const settlement = await handle(delivery(purchase()), failingReplies);

    expect(settlement).toBe("requeue");
    expect(store.stock().remaining).toBe(90);
    expect(changesWhenPublishing).toEqual([1]);
    expect(changes).toBe(1);
  });
});
