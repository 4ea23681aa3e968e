import type { Country, Purchase } from "@repo/contract";
import {
  COUNTRIES,
  perCountry,
  purchaseDestination,
  purchaseQueue,
  purchaseSendHeaders,
} from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { BROKER_USERS, Teardown } from "@repo/stack";
import { connect } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsumerService } from "../src/index.js";
import { startConsumer } from "../src/index.js";
import type { BrokerAdmin} from "./support/broker-admin.js";
import { eventually } from "./support/broker-admin.js";
import { SiteClient } from "./support/site-client.js";
import { withTimeout } from "./support/with-timeout.js";
import { newPurchase } from "./support/purchases.js";
import { temporaryDatabase } from "./support/temporary-database.js";
import { CONSUMER_CONNECTIONS, testConsumerConfig } from "./support/test-config.js";
import { startBrokerWithAdmin } from "./support/test-broker.js";

const TICKETS_TOTAL = 100_000;

/** A Prometheus text exposition as a map from each series (name and labels, as printed) to its value. */
function parseMetrics(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return series;
}

describe("the consumer against a real broker", () => {
  let node: BrokerNode;
  let admin: BrokerAdmin;
  let consumer: ConsumerService;
  const teardown = new Teardown();

  /** A site connected for the rest of the file; closed before the consumer stops. */
  async function site(country: Country): Promise<SiteClient> {
    const client = await SiteClient.connect(node.webStompUrl, country);
    teardown.add(() => client.close());
    return client;
  }

  async function get(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`http://127.0.0.1:${consumer.httpPort}${path}`);
    return { status: response.status, body: await response.text() };
  }

  function healthy(expected: boolean): Promise<true> {
    return eventually(
      `the consumer to be ${expected ? "healthy" : "unhealthy"}`,
      () => Promise.resolve(consumer.health().healthy === expected ? true : undefined),
      60_000,
    );
  }

  /** Tickets sold in a country, as /healthz reports them. */
  function sold(country: Country): number {
    return consumer.health().sold[country];
  }

  async function consumerCounts(): Promise<number[]> {
    const queues = await Promise.all(COUNTRIES.map((country) => admin.queue(purchaseQueue(country))));
    return queues.map((queue) => queue.consumerCount);
  }

  /** Waits for the consumer to consume; on timeout, says why from its health, since its logs are silent. */
  async function readyWithin(ms: number): Promise<void> {
    await withTimeout(consumer.ready, ms, () => `the consumer is not consuming after ${ms} ms: ${JSON.stringify(consumer.health().broker)}`);
  }

  beforeAll(async () => {
    ({ node, admin } = await startBrokerWithAdmin(teardown));
    const databasePath = temporaryDatabase(teardown, "consumer-int-");
    const config = testConsumerConfig(node.amqpUrl, databasePath, { TICKETS_TOTAL: String(TICKETS_TOTAL) });
    consumer = await startConsumer(config);
    teardown.add(() => consumer.stop());
    await readyWithin(30_000);
  });

  afterAll(() => teardown.run());

  it("on a test node, the consumer login's published password is refused: a client left from another test cannot join", async () => {
    const published = node.amqpUrlFor(BROKER_USERS.consumer);

    await expect(connect(published)).rejects.toThrow(/ACCESS_REFUSED|403/);
    expect(node.amqpUrl).not.toBe(published);
  });

  it("consumes each country queue with exactly one consumer and reports healthy", async () => {
    const counts = await consumerCounts();
    const health = await get("/healthz");

    expect(counts).toEqual([1, 1, 1, 1]);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ healthy: true, broker: { connected: true } });
  });

  it("takes one purchase at a time from each country queue (prefetch 1)", async () => {
    // The management API lists consumers after its first stats emission, a few seconds after they start.
    const prefetch = await eventually("the consumers in the management API", async () => {
      const byQueue = await admin.prefetchByQueue();
      return COUNTRIES.every((country) => byQueue[purchaseQueue(country)] !== undefined) ? byQueue : undefined;
    });

    for (const country of COUNTRIES) expect(prefetch[purchaseQueue(country)]).toEqual([1]);
  });

  it("confirms one purchase from each of the four sites", async () => {
    const clients = await Promise.all(COUNTRIES.map((country) => site(country)));
    const orders = clients.map((client) => newPurchase(client.country));
    const soldBefore = consumer.health().sold;

    const confirmations = await Promise.all(clients.map((client, i) => client.buy(orders[i] as Purchase)));

    expect(confirmations).toMatchObject(orders.map(({ orderId }) => ({ orderId, status: "confirmed", quantity: 10 })));
    expect(confirmations.map((confirmation) => confirmation.reason)).toEqual([undefined, undefined, undefined, undefined]);
    expect(consumer.health().sold).toEqual(perCountry((country) => soldBefore[country] + 10));
  });

  it("when the same purchase is sent twice, answers twice identically and sells it once", async () => {
    const fr = await site("fr");
    const order = newPurchase("fr", { quantity: 100 });
    const soldBefore = sold("fr");

    await fr.send(JSON.stringify(order), purchaseSendHeaders(order));
    await fr.send(JSON.stringify(order), purchaseSendHeaders(order));
    const [first, second] = await Promise.all([fr.confirmation(order.orderId, 1), fr.confirmation(order.orderId, 2)]);

    expect(first).toMatchObject({ status: "confirmed", quantity: 100 });
    expect(second).toEqual(first);
    expect(sold("fr")).toBe(soldBefore + 100);
  });

  describe("bad purchases", () => {
    const valid = (): Purchase => newPurchase("fr");

    it.each<[string, (order: Purchase) => { body: string; headers: Record<string, string> }]>([
      ["invalid_json", (order) => ({ body: "{not json", headers: purchaseSendHeaders(order) })],
      [
        "invalid_fields",
        (order) => ({ body: JSON.stringify({ ...order, placedAt: undefined }), headers: purchaseSendHeaders(order) }),
      ],
      ["invalid_quantity", (order) => ({ body: JSON.stringify({ ...order, quantity: 11 }), headers: purchaseSendHeaders(order) })],
      ["country_mismatch", (order) => ({ body: JSON.stringify({ ...order, country: "de" }), headers: purchaseSendHeaders(order) })],
      [
        "order_id_mismatch",
        (order) => ({
          body: JSON.stringify(order),
          headers: { ...purchaseSendHeaders(order), "correlation-id": crypto.randomUUID() },
        }),
      ],
    ])("when a site sends %s, it is answered rejected with that reason and dead-lettered", async (reason, make) => {
      const fr = await site("fr");
      const order = valid();
      const { body, headers } = make(order);
      const correlationId = headers["correlation-id"] ?? "";
      const deadBefore = await admin.deadLettered();
      // A body that is a well-formed purchase has its quantity in the answer; one that could not be read, none.
      const quantity = reason === "country_mismatch" || reason === "order_id_mismatch" ? order.quantity : null;

      await fr.send(body, headers, purchaseDestination("fr"));
      const answer = await fr.confirmation(correlationId);

      expect(answer).toMatchObject({ orderId: correlationId, status: "rejected", reason, quantity });
      expect(await admin.deadLetteredReaches(deadBefore + 1)).toBe(deadBefore + 1);
    });

    it("when the user-id is not the routing key's site, it is answered wrong_site and dead-lettered", async () => {
      const order = valid();
      const replies = await admin.replyQueue();
      const deadBefore = await admin.deadLettered();

      admin.publishPurchase("fr", JSON.stringify(order), {
        correlationId: order.orderId,
        replyTo: replies.name,
      });
      const answer = await replies.next();

      expect(answer).toMatchObject({ orderId: order.orderId, status: "rejected", reason: "wrong_site" });
      expect(await admin.deadLetteredReaches(deadBefore + 1)).toBe(deadBefore + 1);
    });

    it("when the reply-to is not a broker temp queue, nothing is sold or answered and it is dead-lettered", async () => {
      const fr = await site("fr");
      const order = valid();
      const soldBefore = sold("fr");
      const deadBefore = await admin.deadLettered();

      await fr.send(JSON.stringify(order), { ...purchaseSendHeaders(order), "reply-to": purchaseQueue("fr") });
      await admin.deadLetteredReaches(deadBefore + 1);
      // An answer sent anyway would land in that queue, not with the site, and be dead-lettered in turn:
      // once an honest order queued behind it is confirmed, the count is final.
      const honest = valid();
      await fr.buy(honest);

      expect(await admin.deadLettered()).toBe(deadBefore + 1);
      expect(fr.answers(order.orderId)).toEqual([]);
      expect(sold("fr")).toBe(soldBefore + honest.quantity);
    });

    it("after bad purchases the consumer still runs and confirms a good one", async () => {
      const fr = await site("fr");

      const answer = await fr.buy(valid());

      expect(answer.status).toBe("confirmed");
      expect(consumer.health().healthy).toBe(true);
    });
  });

  it("serves the order counters and the stock on /metrics", async () => {
    const series = {
      sold: 'tickets_orders_total{country="fr",status="confirmed",reason="none"}',
      replayed: 'tickets_order_replays_total{country="fr",status="confirmed"}',
      invalid: 'tickets_orders_total{country="fr",status="rejected",reason="invalid_json"}',
      handled: 'tickets_order_handling_seconds_count{country="de",status="confirmed"}',
    } as const;
    const [fr, de] = await Promise.all([site("fr"), site("de")]);
    const sentTwice = newPurchase("fr");
    const invalid = newPurchase("fr");
    const before = parseMetrics((await get("/metrics")).body);

    await fr.send(JSON.stringify(sentTwice), purchaseSendHeaders(sentTwice));
    await fr.send(JSON.stringify(sentTwice), purchaseSendHeaders(sentTwice));
    await fr.send("{not json", purchaseSendHeaders(invalid));
    await Promise.all([fr.confirmation(sentTwice.orderId, 2), fr.confirmation(invalid.orderId), de.buy(newPurchase("de"))]);
    // Some counters move once the reply is confirmed, which may be just after the site has it: wait until each moved.
    const { status, after } = await eventually("every counter moved on /metrics", async () => {
      const metrics = await get("/metrics");
      const parsed = parseMetrics(metrics.body);
      const moved = Object.values(series).every((name) => (parsed.get(name) ?? 0) > (before.get(name) ?? 0));
      return moved ? { status: metrics.status, after: parsed } : undefined;
    });
    const added = Object.fromEntries(Object.entries(series).map(([key, name]) => [key, (after.get(name) ?? 0) - (before.get(name) ?? 0)]));

    expect(status).toBe(200);
    // The purchase sent twice: one sale, one answer from the store; each answer handled once.
    expect(added).toEqual({ sold: 1, replayed: 1, invalid: 1, handled: 1 });
    expect(after.get("tickets_stock_remaining")).toBe(consumer.health().stock.remaining);
  });

  it("when a queue is deleted under it, it declares the queue again and consumes it, restarting on purpose and reporting only why", async () => {
    // Every lastError /healthz showed. An error is set when a connection stops working and cleared once it works
    // again, so it stands for the whole reconnect delay (125 ms at least); a 5 ms timer, due long before that
    // delay's own timer, runs while it stands, however busy the machine.
    const errorsSeen = new Set<string>();
    const sampler = setInterval(() => {
      const { lastError } = consumer.health().broker;
      if (lastError !== undefined) errorsSeen.add(lastError);
    }, 5);
    try {
      await admin.deleteQueue(purchaseQueue("de"));

      await eventually("the de queue consumed again", async () =>
        (await consumerCounts()).every((count) => count === 1) ? true : undefined,
      );
    } finally {
      clearInterval(sampler);
    }
    const answer = await (await site("de")).buy(newPurchase("de"));

    expect(answer.status).toBe("confirmed");
    expect(consumer.health()).toMatchObject({ healthy: true, broker: { lastError: undefined } });
    // The broker cancelled the consumer and the consumer restarted its connection: nothing was unavailable.
    expect([...errorsSeen]).toEqual([`the broker cancelled the consumer of ${purchaseQueue("de")}`]);
  });

  it("when the broker closes the consumer's connection, it reconnects, consumes again and confirms", async () => {
    const closed = await admin.closeConnectionsOf(BROKER_USERS.consumer.login, CONSUMER_CONNECTIONS);
    await eventually("new consumer connections", async () => {
      const open = await admin.connectionsOf(BROKER_USERS.consumer.login);
      return open.filter((name) => !closed.includes(name)).length === CONSUMER_CONNECTIONS ? true : undefined;
    });
    await healthy(true);

    const answer = await (await site("gb")).buy(newPurchase("gb"));

    expect(closed).toHaveLength(CONSUMER_CONNECTIONS);
    expect(answer.status).toBe("confirmed");
    expect(await consumerCounts()).toEqual([1, 1, 1, 1]);
  });

  it("when the broker restarts, it keeps retrying, then consumes again and confirms", { timeout: 180_000 }, async () => {
    await node.stop();
    await healthy(false);
    await node.start();
    await admin.reconnect();

    await healthy(true);
    const answer = await (await site("es")).buy(newPurchase("es"));

    expect(answer.status).toBe("confirmed");
    expect(await consumerCounts()).toEqual([1, 1, 1, 1]);
  });
});
