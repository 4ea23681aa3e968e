import type { Country } from "@repo/contract";
import { COUNTRIES, DEAD_LETTER_QUEUE, perCountry, purchaseQueue, purchaseSendHeaders } from "@repo/contract";
import { describe, expect, it } from "vitest";
import { eventually } from "./support/broker-admin.js";
import { useConsumerProcessFixture } from "./support/consumer-process.js";
import { newPurchase } from "./support/purchases.js";

const ORDERS_PER_COUNTRY = 300;
const TICKETS_TOTAL = 1_000_000;
/** Kill whenever the store holds this many orders: into the stream, and the last kill two-thirds of it from its end, so even a much faster machine has not drained it by then. */
const KILL_AT = [100, 250, 400];
/** Orders of each country sent again once all are answered, as a site does after a reconnect. */
const RESENT_PER_COUNTRY = 10;

describe("the consumer killed with SIGKILL in the middle of a stream, again and again", () => {
  const fixture = useConsumerProcessFixture(TICKETS_TOTAL);
  const { sites, runConsumer } = fixture;

  function storedOrders(): number {
    return fixture.query<{ count: number }>("SELECT COUNT(*) AS count FROM orders")[0]?.count ?? 0;
  }

  it("leaves every order sold exactly once, each answered the same every time, by redelivery or by a resend", async () => {
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
    const answeredAgainAfterKills = orders.filter((order) => sites[order.country].answers(order.orderId).length > 1).length;
    // A redelivery answered again needs a kill between the reply's confirm and the ack, a narrow window; a site's
    // resend after it reconnects is the sure way to ask the restarted consumer again.
    const resent = COUNTRIES.flatMap((country) => orders.filter((order) => order.country === country).slice(0, RESENT_PER_COUNTRY));
    for (const order of resent) await sites[order.country].send(JSON.stringify(order), purchaseSendHeaders(order));
    await eventually(
      "a second answer to every resent order",
      () => Promise.resolve(resent.every((order) => sites[order.country].answers(order.orderId).length > 1) ? true : undefined),
    );

    const stored = fixture.query<{ order_id: string; country: Country; status: string }>("SELECT order_id, country, status FROM orders");
    const [stock] = fixture.query<{ total: number; remaining: number }>("SELECT total, remaining FROM stock");
    const sales = fixture.query<{ country: Country; sold: number }>("SELECT country, sold FROM sales");
    const answers = orders.map((order) => sites[order.country].answers(order.orderId));
    process.stdout.write(
      `killed with ${storedAtKills.join(", ")} of ${orders.length} orders stored; ` +
        `after the restarts ${answeredAgainAfterKills} orders were answered again by redelivery; ${resent.length} were resent and answered again\n`,
    );

    expect(storedAtKills.at(-1)).toBeLessThan(orders.length);
    expect(stored.map(({ order_id }) => order_id).sort()).toEqual(orders.map(({ orderId }) => orderId).sort());
    expect(stored.every(({ status }) => status === "confirmed")).toBe(true);
    expect(stock).toEqual({ total: TICKETS_TOTAL, remaining: TICKETS_TOTAL - orders.length * 10 });
    expect(Object.fromEntries(sales.map(({ country, sold }) => [country, sold]))).toEqual(
      perCountry(() => ORDERS_PER_COUNTRY * 10),
    );
    expect(answers.filter((list) => list.length > 1).length).toBeGreaterThanOrEqual(resent.length);
    for (const list of answers) {
      expect(list[0]).toMatchObject({ status: "confirmed" });
      for (const again of list.slice(1)) expect(again).toEqual(list[0]);
    }
    const queues = await Promise.all([...COUNTRIES.map(purchaseQueue), DEAD_LETTER_QUEUE].map((name) => fixture.admin.queue(name)));
    expect(queues.map(({ messageCount }) => messageCount)).toEqual([0, 0, 0, 0, 0]);
  });
});
