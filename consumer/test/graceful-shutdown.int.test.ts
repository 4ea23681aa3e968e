import type { Purchase } from "@repo/contract";
import { COUNTRIES, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import { describe, expect, it } from "vitest";
import { eventually } from "./support/broker-admin.js";
import { useConsumerProcessFixture } from "./support/consumer-process.js";
import { newPurchase } from "./support/purchases.js";

const ORDERS_PER_COUNTRY = 300;
const TICKETS_TOTAL = 1_000_000;
/** Stop once the store holds this many orders: well into the stream, far from its end. */
const STOP_AT = 200;

describe("the consumer stopped with SIGTERM in the middle of a stream", () => {
  const fixture = useConsumerProcessFixture(TICKETS_TOTAL);
  const { sites, runConsumer } = fixture;

  function storedOrderIds(): string[] {
    return fixture.query<{ order_id: string }>("SELECT order_id FROM orders").map(({ order_id }) => order_id);
  }

  async function queuedPurchases(): Promise<number> {
    const queues = await Promise.all(COUNTRIES.map((country) => fixture.admin.queue(purchaseQueue(country))));
    return queues.reduce((sum, { messageCount }) => sum + messageCount, 0);
  }

  // 2,400 purchases through two consumer processes: minutes, not seconds, on a slow shared machine.
  it("finishes the order in hand, exits 0 and leaves the rest queued; restarted, it sells each order once, answering once", { timeout: 180_000 }, async () => {
    const orders = COUNTRIES.flatMap((country) => Array.from({ length: ORDERS_PER_COUNTRY }, () => newPurchase(country)));
    // Every purchase is in a queue (receipt) before the consumer starts: it cannot keep pace with the sends and drain
    // the stream before the signal, and none is in transit while the queues are counted.
    await Promise.all(orders.map((order) => sites[order.country].send(JSON.stringify(order), purchaseSendHeaders(order))));
    const consumer = await runConsumer();
    // Read from the store, not the queues: every order not stored yet is still queued, or in hand.
    const storedAtSignal = await eventually(`${STOP_AT} orders in the store`, () => {
      const count = storedOrderIds().length;
      return Promise.resolve(count >= STOP_AT ? count : undefined);
    });

    const exitCode = await consumer.stop("SIGTERM");
    const stored = new Set(storedOrderIds());
    // Channels closed with a delivery not yet in hand return it; the count settles at once, or says what went wrong.
    const queued = await eventually("the queues to hold every undecided order", async () => {
      const count = await queuedPurchases();
      if (count !== orders.length - stored.size) throw new Error(`${count} queued, ${orders.length - stored.size} undecided`);
      return count;
    });
    // Every order it committed was answered before it exited: nothing is left for a redelivery to fix.
    await eventually("an answer to every stored order", () =>
      Promise.resolve(orders.every((order) => !stored.has(order.orderId) || answers(order) > 0) ? true : undefined),
    );
    await runConsumer();
    await eventually(
      "an answer to every order",
      () => Promise.resolve(orders.every((order) => answers(order) > 0) ? true : undefined),
      60_000,
    );
    const answerCounts = orders.map(answers);
    process.stdout.write(`SIGTERM with ${storedAtSignal} of ${orders.length} orders stored; at the exit ${stored.size} stored and ${queued} still queued\n`);

    // The signal came in the middle of the stream, not after its end.
    expect(storedAtSignal).toBeLessThan(orders.length);
    expect(exitCode).toBe(0);
    expect(stored.size).toBeLessThan(orders.length);
    // Nothing lost and nothing doubled at the stop: each order is either decided or still queued, never both.
    expect(stored.size + queued).toBe(orders.length);
    expect(storedOrderIds().sort()).toEqual(orders.map(({ orderId }) => orderId).sort());
    // No order was redelivered, so none was answered twice.
    expect(new Set(answerCounts)).toEqual(new Set([1]));
    expect(await queuedPurchases()).toBe(0);
  });

  /** How many answers a site has received for one of its orders. */
  function answers(order: Purchase): number {
    return sites[order.country].answers(order.orderId).length;
  }
});
