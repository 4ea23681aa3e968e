import type { ReactiveController, ReactiveControllerHost } from "lit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Order } from "../orders/order-book.js";
import type { OutboxEntry } from "../orders/outbox-entry.js";
import type { KeyValueStorage, OutboxStorage } from "../orders/outbox-storage.js";
import { memoryAnsweredStorage } from "../orders/answered-storage.js";
import { MapStorage } from "../orders/map-storage.test-support.js";
import { memoryOutboxStorage, outboxKeyPrefix, webOutboxStorage } from "../orders/outbox-storage.js";
import type { RushProgress } from "../orders/rush.js";
import { RECONNECT } from "./reconnect.js";
import { STOCK_RESUBSCRIBE, STOCK_STALE_AFTER_MS } from "./stock-feed.js";
import { attempt, FakeStompClient, frame } from "./fake-stomp-client.test-support.js";
import { FakeLockRegistry, locksSettle } from "./fake-tab-locks.test-support.js";
import type { TicketsControllerOptions } from "./tickets-controller.js";
import { TicketsController } from "./tickets-controller.js";

interface Fixture {
  controller: TicketsController;
  client: FakeStompClient;
  host: ReactiveControllerHost;
  updates: () => number;
  settled: Order[];
  rushes: RushProgress[];
  /** Each rush's outcomes as told (`onRushAnswered`). */
  tallies: RushProgress[];
  outbox: OutboxStorage;
}

/** The browser's clock when each test starts (the fake system time): a day in 2026. */
const TEST_START = Date.parse("2026-07-20T12:00:00.000Z");

/**
 * A page load. Its two clocks differ as they do in a browser: `now` (in
 * production `performance.now`) counts from the page load, so it starts
 * near 0, while `wallClock` (`Date.now`) reads milliseconds since the epoch.
 * Measuring an order's age with the wrong one makes the tests fail. Both
 * move with the fake timers and with `vi.setSystemTime`.
 */
function setup(options: Partial<TicketsControllerOptions> = {}): Fixture {
  const loadedAt = Date.now();
  let client: FakeStompClient | undefined;
  const settled: Order[] = [];
  const rushes: RushProgress[] = [];
  const tallies: RushProgress[] = [];
  const outbox = options.outbox ?? memoryOutboxStorage();
  const controllers: ReactiveController[] = [];
  let updates = 0;
  const host: ReactiveControllerHost = {
    addController: (controller) => controllers.push(controller),
    removeController: () => undefined,
    requestUpdate: () => {
      updates++;
    },
    updateComplete: Promise.resolve(true),
  };
  const controller = new TicketsController(host, {
    country: "fr",
    broker: { url: "ws://127.0.0.1:15674/ws", login: "site-fr", passcode: "site-fr", vhost: "tickets" },
    createClient: (config) => (client = new FakeStompClient(config)),
    now: () => Date.now() - loadedAt,
    wallClock: () => Date.now(),
    onOrderSettled: (order) => settled.push(order),
    onRushEnded: (rush) => rushes.push(rush),
    onRushAnswered: (rush) => tallies.push(rush),
    ...options,
    outbox,
  });
  if (!client) throw new Error("the controller did not create its client");
  expect(controllers).toEqual([controller]);
  return { controller, client, host, updates: () => updates, settled, rushes, tallies, outbox };
}

function online(fixture: Fixture): Fixture {
  fixture.controller.hostConnected();
  fixture.client.connect();
  return fixture;
}

describe("tickets controller", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(TEST_START);
  });

  afterEach(() => {
    vi.useRealTimers();
    // A test that pins Math.random must not pin it for the tests after it.
    vi.restoreAllMocks();
  });

  it("shows its connection as it stands, asks the host to render each change, and hands the buyer's Retry now to it (`stomp-connection.test.ts` tests the connection itself)", async () => {
    const { controller, client, updates } = setup();
    vi.spyOn(Math, "random").mockReturnValue(0);

    controller.hostConnected();
    expect(controller.connection).toBe("connecting");
    client.connect();
    expect(controller.connection).toBe("online");
    expect(controller.canBuy).toBe(true);
    client.refuse("Bad CONNECT", "Access refused for user 'site-fr'\n");

    expect(controller.connection).toBe("reconnecting");
    expect(controller.canBuy).toBe(false);
    expect(controller.lastError).toEqual({ kind: "refused", words: "Bad CONNECT: Access refused for user 'site-fr'" });
    expect(controller.nextAttemptAt).toBe(Date.now() + RECONNECT.delayMs);
    expect(updates()).toBeGreaterThanOrEqual(3);
    const waited = attempt(client);
    controller.reconnectNow();
    await Promise.resolve();
    expect(waited.done()).toBe(true);
    expect(controller.nextAttemptAt).toBeUndefined();
  });

  it("when the host leaves while the site waits to reconnect, the wait ends with no timer left, and no attempt is counted down", async () => {
    const { controller, client } = setup();
    controller.hostConnected();
    client.close();
    const waited = attempt(client);

    controller.hostDisconnected();
    await Promise.resolve();

    expect(waited.done()).toBe(true);
    expect(controller.nextAttemptAt).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("while not online, an order is queued and kept, nothing is published, and it goes out once connected", () => {
    const { controller, client, outbox } = setup();
    controller.hostConnected();

    const order = controller.publishPurchase(10);

    expect(order.status).toBe("queued");
    expect(controller.canBuy).toBe(false);
    expect(client.sent).toHaveLength(0);
    expect(outbox.load().map((entry) => entry.purchase.orderId)).toEqual([order.orderId]);
    client.connect();
    expect(client.sent.map((send) => JSON.parse(send.body) as { orderId: string })).toMatchObject([{ orderId: order.orderId }]);
    expect(controller.orders[0]?.status).toBe("sending");
  });

  it("while the broker closes the socket, a purchase is queued rather than handed to the closing socket, and goes out on the next connection", () => {
    const { controller, client } = online(setup());
    client.beginClosing();

    const order = controller.publishPurchase(10);

    expect(order.status).toBe("queued");
    expect(client.sent).toHaveLength(0);
    client.close();
    client.connect();
    expect(client.sent.map((send) => JSON.parse(send.body) as { orderId: string })).toMatchObject([{ orderId: order.orderId }]);
  });

  it("a purchase is sent to the country's exchange with the contract's headers, a receipt and a JSON body", () => {
    const { controller, client } = online(setup());

    const order = controller.publishPurchase(100);

    expect(order.status).toBe("sending");
    const [send] = client.sent;
    const body = JSON.parse(send?.body ?? "") as Record<string, unknown>;
    expect(send?.destination).toBe("/exchange/tickets.purchases.fr/purchase.fr");
    expect(body).toMatchObject({ country: "fr", quantity: 100 });
    expect(send?.headers).toMatchObject({
      "reply-to": "/temp-queue/confirmations",
      "correlation-id": body.orderId,
      "user-id": "site-fr",
      persistent: "true",
      receipt: `receipt-${String(body.orderId)}`,
    });
    expect(controller.orders[0]).toMatchObject({ orderId: body.orderId, status: "sending", quantity: 100 });
  });

  it("an order goes sending, then accepted on the broker's receipt, then confirmed on the consumer's answer", () => {
    const { controller, client, settled } = online(setup());
    controller.publishPurchase(10);

    vi.advanceTimersByTime(3);
    client.receipt(0);
    expect(controller.orders[0]?.status).toBe("accepted");
    vi.advanceTimersByTime(20);
    client.answer(0, { remaining: 4_990 });

    expect(controller.orders[0]).toMatchObject({ status: "confirmed" });
    expect(controller.stats).toMatchObject({ confirmed: 1, medianMs: 23 });
    expect(settled.map((order) => order.status)).toEqual(["confirmed"]);
  });

  it("a rejection is shown with its reason code", () => {
    const { controller, client } = online(setup());
    controller.publishPurchase(100);

    client.answer(0, { status: "rejected", reason: "sold_out" });

    expect(controller.orders[0]).toMatchObject({ status: "rejected", reason: "sold_out" });
  });

  it("a confirmation after a processing_failed rejection (another copy of the order was sold) replaces it: announced, counted, and the order leaves the outbox", () => {
    const { controller, client, settled, outbox } = online(setup());
    controller.publishPurchase(10);
    client.receipt(0);

    client.answer(0, { status: "rejected", reason: "processing_failed" });
    expect(outbox.load()).toMatchObject([{ published: true, unprocessed: true }]);
    client.answer(0, { remaining: 4_990 });
    client.answer(0, { status: "rejected", reason: "processing_failed" });

    expect(controller.orders[0]).toMatchObject({ status: "confirmed", reason: undefined, remaining: 4_990 });
    expect(settled.map((order) => [order.status, order.reason])).toEqual([
      ["rejected", "processing_failed"],
      ["confirmed", undefined],
    ]);
    expect(controller.stats).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(outbox.load()).toEqual([]);
  });

  it("Try again sends an order answered processing_failed once more with the same orderId, keeps it until answered, and tells its answer", () => {
    const { controller, client, settled, outbox } = online(setup());
    const order = controller.publishPurchase(10);
    client.receipt(0);
    client.answer(0, { status: "rejected", reason: "processing_failed" });

    controller.retry(order.orderId);

    expect(client.sent.map((send) => (JSON.parse(send.body) as { orderId: string }).orderId)).toEqual([order.orderId, order.orderId]);
    expect(controller.orders[0]).toMatchObject({ orderId: order.orderId, status: "sending", reason: undefined });
    // Owed again: a reload now sends it again rather than showing its Try again.
    expect(outbox.load()).toMatchObject([{ purchase: { orderId: order.orderId }, published: true }]);
    expect(outbox.load()[0]).not.toHaveProperty("unprocessed");
    client.receipt(1);
    client.answer(1, { status: "rejected", reason: "sold_out" });
    expect(controller.orders[0]).toMatchObject({ status: "rejected", reason: "sold_out" });
    expect(settled.map((settledOrder) => [settledOrder.status, settledOrder.reason])).toEqual([
      ["rejected", "processing_failed"],
      ["rejected", "sold_out"],
    ]);
    expect(outbox.load()).toEqual([]);
  });

  it("after a reload, an order answered processing_failed shows so again, is neither sent nor announced unasked, and its Try again sends it with the same orderId", () => {
    const before = online(setup());
    const order = before.controller.publishPurchase(10);
    before.client.receipt(0);
    before.client.answer(0, { status: "rejected", reason: "processing_failed" });
    before.controller.hostDisconnected();

    const after = online(setup({ outbox: before.outbox }));

    expect(after.controller.orders).toMatchObject([{ orderId: order.orderId, status: "rejected", reason: "processing_failed" }]);
    expect(after.client.sent).toEqual([]);
    expect(after.settled).toEqual([]);
    after.controller.retry(order.orderId);
    expect(after.client.sent.map((send) => (JSON.parse(send.body) as { orderId: string }).orderId)).toEqual([order.orderId]);
    after.client.receipt(0);
    after.client.answer(0);
    expect(after.controller.orders[0]).toMatchObject({ status: "confirmed" });
    expect(after.outbox.load()).toEqual([]);
  });

  it("a retired controller calls back no more: not for an answer that comes while its socket closes, nor for the rush that close interrupts", () => {
    const { controller, client, settled, rushes, tallies } = online(setup({ rushWindow: 2 }));
    client.slowClose = true;
    controller.publishPurchase(10);
    controller.startRush(10);

    controller.retire();
    client.answer(0);
    client.finishClosing();

    expect(controller.connection).toBe("offline");
    expect(controller.rush?.status).toBe("interrupted");
    expect(settled).toEqual([]);
    expect(rushes).toEqual([]);
    expect(tallies).toEqual([]);
  });

  it("the controller has no stock figure taken from answers, which a replayed answer could move backwards: the live stock is the broadcast's", () => {
    const { controller, client } = online(setup());
    const broadcast = { total: 1000, remaining: 880, sold: { fr: 100, de: 20, gb: 0, es: 0 }, at: "2026-07-14T19:00:00.000Z" };
    client.broadcast("/amq/queue/tickets.stock", JSON.stringify(broadcast));
    controller.publishPurchase(10);

    client.answer(0, { remaining: 4_990 });

    expect(controller.stock).toEqual(broadcast);
    expect("remaining" in controller).toBe(false);
  });

  it("frames that are not confirmations, or whose correlation-id disagrees with the body, are ignored", () => {
    const { controller, client } = online(setup());
    controller.publishPurchase(10);

    client.answer(0, { status: "maybe" });
    client.answer(0, {}, { "correlation-id": "someone-else" });

    expect(controller.orders[0]?.status).toBe("sending");
  });

  it("markup in a confirmation reaches nothing the site shows: an unknown reason or orderId is ignored", () => {
    const { controller, client } = online(setup());
    controller.publishPurchase(10);
    const markup = '<img src=x onerror="alert(1)">';

    client.answer(0, { status: "rejected", reason: markup });
    client.answer(0, { orderId: markup }, { "correlation-id": markup });

    expect(controller.orders).toHaveLength(1);
    expect(controller.orders[0]).toMatchObject({ status: "sending" });
    expect(JSON.stringify(controller.orders)).not.toContain("<img");
  });

  it("after its host moved within the page (disconnected and connected again at once), an order still times out unanswered: the move leaves no deadline unset", () => {
    const { controller, client } = online(setup({ answerTimeoutMs: 15_000 }));
    client.slowClose = true;
    controller.hostDisconnected();
    controller.hostConnected();
    client.finishClosing();
    client.connect();

    controller.publishPurchase(10);
    client.receipt(0);
    vi.advanceTimersByTime(15_000);

    expect(controller.connection).toBe("online");
    expect(controller.orders[0]?.status).toBe("timed-out");
  });

  it("an order with no answer within the timeout shows as timed out", () => {
    const { controller, client, settled } = online(setup({ answerTimeoutMs: 15_000 }));
    controller.publishPurchase(10);
    client.receipt(0);

    vi.advanceTimersByTime(14_999);
    expect(controller.orders[0]?.status).toBe("accepted");
    vi.advanceTimersByTime(1);

    expect(controller.orders[0]?.status).toBe("timed-out");
    expect(settled.map((order) => order.status)).toEqual(["timed-out"]);
  });

  it("when no receipt comes in time, the order shows busy, is announced once, and is not sent again while connected", () => {
    const { controller, client, settled, outbox } = online(setup({ receiptTimeoutMs: 5_000 }));
    const order = controller.publishPurchase(10);

    vi.advanceTimersByTime(4_999);
    expect(controller.orders[0]?.status).toBe("sending");
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(60_000);

    expect(controller.orders[0]?.status).toBe("busy");
    expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["busy"]);
    expect(controller.stats).toMatchObject({ busy: 1, inFlight: 0, timedOut: 0 });
    expect(client.sent).toHaveLength(1);
    // Still owed: the broker may have taken it, only late.
    expect(outbox.load().map((entry) => entry.purchase.orderId)).toEqual([order.orderId]);
  });

  it("when the broker falls silent after a SEND (a dead network), the order stays sending rather than busy; a frame then makes it busy", () => {
    const { controller, client, settled, rushes } = online(setup({ receiptTimeoutMs: 5_000, rushWindow: 1 }));
    controller.startRush(5);
    client.goSilent();

    vi.advanceTimersByTime(9_000);
    expect(controller.orders[0]?.status).toBe("sending");
    expect(settled).toEqual([]);
    expect(rushes).toEqual([]);

    // The broker speaks again without a receipt: the queue is full after all.
    client.config.onHeartbeatReceived?.();
    vi.advanceTimersByTime(0);
    expect(controller.orders[0]?.status).toBe("busy");
    expect(rushes.map((rush) => rush.status)).toEqual(["busy"]);
  });

  it("when the broker stays silent after a SEND past the answer timeout, the order times out; a frame then makes it busy, with Try again, as a sending one", () => {
    const { controller, client, settled } = online(setup({ receiptTimeoutMs: 5_000, answerTimeoutMs: 15_000 }));
    client.goSilent();
    const order = controller.publishPurchase(10);
    vi.advanceTimersByTime(15_000);
    expect(controller.orders[0]?.status).toBe("timed-out");

    // The stall ends at 16 s, and still no receipt: the full queue refused the SEND.
    vi.advanceTimersByTime(1_000);
    client.config.onHeartbeatReceived?.();
    vi.advanceTimersByTime(0);

    expect(controller.orders[0]?.status).toBe("busy");
    expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["timed-out", "busy"]);
    expect(controller.stats).toMatchObject({ busy: 1, timedOut: 0 });
    controller.retry(order.orderId);
    expect(client.sent.map((send) => (JSON.parse(send.body) as { orderId: string }).orderId)).toEqual([order.orderId, order.orderId]);
  });

  it("an order that timed out before its receipt, whose receipt then comes, stays timed out and waits for its answer", () => {
    const { controller, client, settled } = online(setup({ receiptTimeoutMs: 5_000, answerTimeoutMs: 15_000 }));
    client.goSilent();
    controller.publishPurchase(10);
    vi.advanceTimersByTime(16_000);

    client.receipt(0);
    vi.advanceTimersByTime(60_000);

    expect(controller.orders[0]).toMatchObject({ status: "timed-out", acceptedAt: 16_000 });
    expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["timed-out"]);
    client.answer(0);
    expect(controller.orders[0]?.status).toBe("confirmed");
  });

  it("when the silent socket is dropped, the sending order goes back to the queue and is sent again, never told busy", () => {
    const { controller, client, settled } = online(setup({ receiptTimeoutMs: 5_000 }));
    const order = controller.publishPurchase(10);
    client.goSilent();
    vi.advanceTimersByTime(9_000);

    client.close();
    client.connect();
    client.receipt(1);
    client.answer(1);

    expect(client.sent.map((send) => (JSON.parse(send.body) as { orderId: string }).orderId)).toEqual([order.orderId, order.orderId]);
    expect(controller.orders[0]?.status).toBe("confirmed");
    expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["confirmed"]);
  });

  it("while the consumer is down and the network flaps, each order is told unconfirmed once, however often it is resent and times out again; its late answer is told", () => {
    const { controller, client, settled } = online(setup({ answerTimeoutMs: 15_000 }));
    controller.publishPurchase(10);
    controller.publishPurchase(100);
    client.receipt(0);
    client.receipt(1);
    vi.advanceTimersByTime(15_000);

    for (let flap = 0; flap < 3; flap++) {
      client.close();
      const resentFrom = client.sent.length;
      client.connect();
      for (let i = resentFrom; i < client.sent.length; i++) client.receipt(i);
      vi.advanceTimersByTime(15_000);
    }

    expect(controller.orders.map((order) => order.status)).toEqual(["timed-out", "timed-out"]);
    expect(controller.stats).toMatchObject({ timedOut: 2, inFlight: 0 });
    expect(settled.map((order) => order.status)).toEqual(["timed-out", "timed-out"]);
    client.answer(client.sent.length - 1);
    expect(settled.map((order) => order.status)).toEqual(["timed-out", "timed-out", "confirmed"]);
  });

  it("a busy order is told busy once however often reconnects resend it; after the buyer's Try again, busy again is told", () => {
    const { controller, client, settled } = online(setup({ receiptTimeoutMs: 5_000 }));
    const order = controller.publishPurchase(10);
    vi.advanceTimersByTime(5_000);

    client.close();
    client.connect();
    vi.advanceTimersByTime(5_000);
    expect(controller.orders[0]?.status).toBe("busy");
    expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["busy"]);

    controller.retry(order.orderId);
    vi.advanceTimersByTime(5_000);
    expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["busy", "busy"]);
  });

  it("a reload that resends an order the buyer was told is unconfirmed does not tell it again, but tells its answer", () => {
    const before = online(setup({ answerTimeoutMs: 15_000 }));
    before.controller.publishPurchase(10);
    before.client.receipt(0);
    vi.advanceTimersByTime(15_000);
    before.controller.hostDisconnected();

    const after = online(setup({ answerTimeoutMs: 15_000, outbox: before.outbox }));
    after.client.receipt(0);
    vi.advanceTimersByTime(15_000);

    expect(before.settled.map((order) => order.status)).toEqual(["timed-out"]);
    expect(after.controller.orders[0]?.status).toBe("timed-out");
    expect(after.settled).toEqual([]);
    after.client.answer(0);
    expect(after.settled.map((order) => order.status)).toEqual(["confirmed"]);
  });

  it("when the buyer tries a busy order again, it is sent again with the same orderId and can be confirmed", () => {
    const { controller, client } = online(setup({ receiptTimeoutMs: 5_000 }));
    const order = controller.publishPurchase(10);
    vi.advanceTimersByTime(5_000);

    controller.retry(order.orderId);

    expect(client.sent.map((send) => (JSON.parse(send.body) as { orderId: string }).orderId)).toEqual([order.orderId, order.orderId]);
    expect(controller.orders[0]?.status).toBe("sending");
    client.receipt(1);
    client.answer(1);
    expect(controller.orders[0]?.status).toBe("confirmed");
  });

  it("a busy order is sent again after a reconnect, like every order whose outcome is owed", () => {
    const { controller, client } = online(setup({ receiptTimeoutMs: 5_000 }));
    const order = controller.publishPurchase(10);
    vi.advanceTimersByTime(5_000);

    client.close();
    client.connect();

    expect(client.sent).toHaveLength(2);
    expect(JSON.parse(client.sent[1]?.body ?? "")).toMatchObject({ orderId: order.orderId });
  });

  it("when a receipt comes after all, a busy order is accepted and its answer is shown", () => {
    const { controller, client } = online(setup({ receiptTimeoutMs: 5_000 }));
    controller.publishPurchase(10);
    vi.advanceTimersByTime(5_000);

    client.receipt(0);

    expect(controller.orders[0]?.status).toBe("accepted");
    client.answer(0);
    expect(controller.orders[0]?.status).toBe("confirmed");
  });

  it("a rush whose orders get no receipt ends as busy and sends no more", () => {
    const { controller, client, rushes } = online(setup({ rushWindow: 2, receiptTimeoutMs: 5_000 }));
    controller.startRush(10);
    client.receipt(0);

    vi.advanceTimersByTime(5_000);

    expect(client.sent).toHaveLength(3);
    expect(controller.rush).toMatchObject({ status: "busy", published: 3, accepted: 1 });
    expect(rushes.map((rush) => rush.status)).toEqual(["busy"]);
  });

  it("when the connection drops, unanswered orders are queued again and resent with the same orderId on reconnect", () => {
    const { controller, client, settled } = online(setup({ answerTimeoutMs: 15_000 }));
    const timedOut = controller.publishPurchase(10);
    client.receipt(0);
    vi.advanceTimersByTime(15_000);
    const accepted = controller.publishPurchase(100);
    client.receipt(1);
    const sending = controller.publishPurchase(10);
    const answered = controller.publishPurchase(100);
    client.answer(3);

    client.close();

    expect(controller.connection).toBe("reconnecting");
    expect(controller.orders.map((order) => [order.orderId, order.status])).toEqual([
      [answered.orderId, "confirmed"],
      [sending.orderId, "queued"],
      [accepted.orderId, "queued"],
      [timedOut.orderId, "queued"],
    ]);
    client.connect();
    const resent = client.sent.slice(4).map((send) => (JSON.parse(send.body) as { orderId: string }).orderId);
    expect(resent).toEqual([timedOut.orderId, accepted.orderId, sending.orderId]);
    client.answer(4);
    client.answer(5);
    client.answer(6);
    expect(controller.stats).toMatchObject({ confirmed: 4, inFlight: 0, timedOut: 0 });
    expect(settled.map((order) => order.status)).toEqual(["timed-out", "confirmed", "confirmed", "confirmed", "confirmed"]);
  });

  it("an order leaves the outbox when its answer comes, and only then", () => {
    const { controller, client, outbox } = online(setup());
    const confirmed = controller.publishPurchase(10);
    const waiting = controller.publishPurchase(100);
    client.receipt(0);
    client.receipt(1);

    client.answer(0);

    expect(outbox.load().map((entry) => entry.purchase)).toEqual([
      { orderId: waiting.orderId, country: "fr", quantity: 100, placedAt: waiting.placedAt },
    ]);
    expect(outbox.load().some((entry) => entry.purchase.orderId === confirmed.orderId)).toBe(false);
  });

  it("after a reload, orders kept in the outbox are shown as queued and sent again once connected", () => {
    const before = online(setup());
    const order = before.controller.publishPurchase(100);
    before.client.receipt(0);
    before.controller.hostDisconnected();

    const after = setup({ outbox: before.outbox });
    expect(after.controller.orders).toMatchObject([{ orderId: order.orderId, quantity: 100, status: "queued" }]);
    online(after);

    expect(JSON.parse(after.client.sent[0]?.body ?? "")).toEqual({
      orderId: order.orderId,
      country: "fr",
      quantity: 100,
      placedAt: order.placedAt,
    });
    after.client.answer(0);
    expect(after.controller.orders[0]?.status).toBe("confirmed");
    expect(after.outbox.load()).toEqual([]);
  });

  it("a rush keeps at most a window of orders waiting for receipts and finishes when all are accepted", () => {
    const { controller, client, rushes } = online(setup({ rushWindow: 3 }));

    expect(controller.startRush(5)).toBe(true);
    expect(client.sent).toHaveLength(3);
    client.receipt(0);
    expect(client.sent).toHaveLength(4);
    for (let i = 1; i < 5; i++) client.receipt(i);

    expect(client.sent).toHaveLength(5);
    expect(controller.rush).toMatchObject({ status: "done", published: 5, accepted: 5 });
    expect(rushes.map((rush) => rush.status)).toEqual(["done"]);
    client.answer(0);
    expect(controller.rush).toMatchObject({ confirmed: 1 });
  });

  it("a rush goes on when an order's answer comes before its receipt", () => {
    const { controller, client } = online(setup({ rushWindow: 2 }));
    controller.startRush(4);

    client.answer(0);
    client.answer(1);
    client.receipt(0);
    client.receipt(1);

    expect(client.sent).toHaveLength(4);
    expect(controller.rush).toMatchObject({ status: "running", published: 4, accepted: 2, confirmed: 2 });
  });

  it("a rush whose order was answered before its receipt finishes when the connection then drops: the answer proves the broker took it, and nothing resends it", () => {
    const { controller, client, rushes, tallies } = online(setup({ rushWindow: 2 }));
    controller.startRush(2);
    client.answer(0);
    client.receipt(1);
    client.answer(1);

    client.close();
    client.connect();

    expect(client.sent).toHaveLength(2);
    expect(controller.rush).toMatchObject({ status: "done", accepted: 2, confirmed: 2 });
    expect(rushes.map((rush) => rush.status)).toEqual(["done"]);
    expect(tallies).toHaveLength(1);
  });

  it("a rush stopped with every order answered and no receipt come has its outcomes told", () => {
    const { controller, client, tallies } = online(setup({ rushWindow: 2 }));
    controller.startRush(10);
    controller.stopRush();

    client.answer(0);
    client.answer(1);

    expect(controller.rush).toMatchObject({ status: "stopped", published: 2, confirmed: 2 });
    expect(tallies).toHaveLength(1);
  });

  it("a stopped rush publishes no more; a rush cut by the connection is interrupted", () => {
    const stopped = online(setup({ rushWindow: 2 }));
    stopped.controller.startRush(10);
    stopped.controller.stopRush();
    stopped.client.receipt(0);
    expect(stopped.client.sent).toHaveLength(2);
    expect(stopped.controller.rush?.status).toBe("stopped");

    const cut = online(setup({ rushWindow: 2 }));
    cut.controller.startRush(10);
    cut.client.close();
    expect(cut.controller.rush?.status).toBe("interrupted");
  });

  it("a rush order resent after a reconnect is counted once, however many receipts and answers it gets", () => {
    const { controller, client } = online(setup({ rushWindow: 2 }));
    controller.startRush(2);
    client.receipt(0);

    client.close();
    client.connect();
    client.receipt(2);
    client.receipt(3);
    client.answer(2);
    client.answer(3);
    client.answer(0);

    expect(client.sent).toHaveLength(4);
    expect(controller.rush).toMatchObject({ status: "done", published: 2, accepted: 2, confirmed: 2, timedOut: 0 });
  });

  it("a rush that had published every order when the connection dropped is not interrupted: the receipts of its resent orders finish it", () => {
    const { controller, client, rushes } = online(setup({ rushWindow: 3 }));
    controller.startRush(3);
    client.receipt(0);

    client.close();
    expect(controller.rush).toMatchObject({ status: "running", published: 3, accepted: 1 });
    client.connect();
    // Every order without its answer goes out again: the accepted one too, whose receipt no longer counts.
    expect(client.sent).toHaveLength(6);
    for (let i = 3; i < 6; i++) client.receipt(i);

    expect(controller.rush).toMatchObject({ status: "done", published: 3, accepted: 3 });
    expect(rushes.map((rush) => rush.status)).toEqual(["done"]);
  });

  it("a rush's orders are told with the rush, never alone: its outcomes once, after its end, when every order it published has one", () => {
    const { controller, client, settled, rushes, tallies } = online(setup({ rushWindow: 3 }));
    controller.startRush(3);
    client.receipt(0);
    client.receipt(1);
    client.answer(0);
    client.answer(1);
    expect(tallies).toEqual([]);

    client.answer(2);
    // Its late receipt, and a second answer, change nothing.
    client.receipt(2);
    client.answer(2);

    expect(rushes.map((rush) => rush.status)).toEqual(["done"]);
    expect(tallies).toMatchObject([{ confirmed: 3, rejected: 0, timedOut: 0, busy: 0 }]);
    expect(settled).toEqual([]);
  });

  it("after a reload, an order a rush placed is told alone: no rush on the new page counts it", () => {
    const before = online(setup({ rushWindow: 2 }));
    before.controller.startRush(2);
    before.client.receipt(0);
    before.client.receipt(1);
    before.client.answer(1);
    before.controller.hostDisconnected();

    const after = online(setup({ outbox: before.outbox }));
    after.client.answer(0);

    expect(before.settled).toEqual([]);
    expect(after.settled.map((order) => [order.rush, order.status])).toEqual([[true, "confirmed"]]);
    expect(after.tallies).toEqual([]);
  });

  it("a busy rush order's late receipt counts as accepted, so the rush's counts agree once it is answered; that late answer is told alone", () => {
    const { controller, client, tallies, settled } = online(setup({ rushWindow: 2, receiptTimeoutMs: 5_000 }));
    controller.startRush(2);
    client.receipt(0);
    client.answer(0);
    vi.advanceTimersByTime(5_000);
    expect(controller.rush).toMatchObject({ status: "busy", accepted: 1, confirmed: 1, busy: 1 });

    client.receipt(1);
    client.answer(1);

    expect(controller.rush).toMatchObject({ status: "busy", published: 2, accepted: 2, confirmed: 2, busy: 0 });
    // Told while the order was given up on, as "unconfirmed", like a timed-out one; told once.
    expect(tallies).toMatchObject([{ accepted: 1, confirmed: 1, busy: 1 }]);
    // The tally said unconfirmed: the confirmation that came after it is news.
    expect(settled.map((order) => [order.rush, order.status])).toEqual([[true, "confirmed"]]);
  });

  it("a rush order the tally told as unconfirmed, resent after a reconnect and unconfirmed again, is not told again alone", () => {
    const { controller, client, tallies, settled } = online(setup({ rushWindow: 2, receiptTimeoutMs: 5_000 }));
    controller.startRush(2);
    client.receipt(0);
    client.answer(0);
    vi.advanceTimersByTime(5_000);
    expect(tallies).toMatchObject([{ confirmed: 1, busy: 1 }]);

    client.close();
    client.connect();
    expect(client.sent).toHaveLength(3);
    vi.advanceTimersByTime(5_000);

    expect(controller.orders.map((order) => order.status)).toContain("busy");
    expect(tallies).toHaveLength(1);
    expect(settled).toEqual([]);
  });

  it("a rush cannot start while offline, for no orders, or while another runs", () => {
    const { controller, client } = setup();
    controller.hostConnected();
    expect(controller.startRush(10)).toBe(false);

    client.connect();
    expect(controller.startRush(0)).toBe(false);
    expect(controller.rush).toBeUndefined();
    expect(controller.startRush(10)).toBe(true);
    expect(controller.startRush(10)).toBe(false);
  });

  describe("orders kept over a day", () => {
    const NOW = TEST_START;
    const DAY_MS = 24 * 60 * 60 * 1000;

    /** An order an earlier page load (or another tab) kept in storage; `published` when that page had sent it. */
    function kept(n: number, placedAt: number, published: boolean): OutboxEntry {
      const orderId = `9f1c2b0e-2222-4a4a-8b8b-${String(n).padStart(12, "0")}`;
      return { purchase: { orderId, country: "fr", quantity: 10, placedAt: new Date(placedAt).toISOString() }, rush: false, published };
    }

    const orderIdsSent = (client: FakeStompClient): string[] =>
      client.sent.map((send) => (JSON.parse(send.body) as { orderId: string }).orderId);

    it("stored orders: one the site never sent expires 24 h + 1 ms after the click, not at 24 h; one it sent a week ago, without a receipt, is resent", () => {
      const stale = kept(1, NOW - DAY_MS - 1, false);
      const dayOld = kept(2, NOW - DAY_MS, false);
      const sentWeekAgo = kept(3, NOW - 7 * DAY_MS, true);

      const fixture = setup({ outbox: memoryOutboxStorage([stale, dayOld, sentWeekAgo]) });
      const { controller, client, outbox, settled } = fixture;
      // Shown for what it is from the start, not as waiting for the connection.
      expect(controller.orders.map((order) => [order.orderId, order.status])).toEqual([
        [dayOld.purchase.orderId, "queued"],
        [stale.purchase.orderId, "expired"],
        [sentWeekAgo.purchase.orderId, "queued"],
      ]);
      online(fixture);
      client.close();
      client.connect();

      expect(orderIdsSent(client)).toEqual([
        sentWeekAgo.purchase.orderId,
        dayOld.purchase.orderId,
        sentWeekAgo.purchase.orderId,
        dayOld.purchase.orderId,
      ]);
      expect(outbox.load()).toEqual([{ ...sentWeekAgo }, { ...stale, expired: true }, { ...dayOld, published: true }]);
      expect(settled.map((order) => [order.orderId, order.status])).toEqual([[stale.purchase.orderId, "expired"]]);
      expect(controller.stats).toMatchObject({ expired: 1, inFlight: 2, timedOut: 0 });
    });

    it("an order stored by a site that did not record whether it sent it is resent a week on, as it was before orders could expire", () => {
      const storage = new MapStorage();
      const old = kept(1, NOW - 7 * DAY_MS, true);
      const prefix = outboxKeyPrefix("fr", "ws://127.0.0.1:15674/ws");
      storage.setItem(`${prefix}${old.purchase.orderId}`, JSON.stringify({ purchase: old.purchase, rush: false }));

      const { controller, client, settled } = online(setup({ outbox: webOutboxStorage(storage, prefix, "fr") }));

      expect(orderIdsSent(client)).toEqual([old.purchase.orderId]);
      expect(controller.orders).toMatchObject([{ orderId: old.purchase.orderId, status: "sending" }]);
      expect(settled).toEqual([]);
    });

    it("an order is stored as published at its first SEND, before any receipt, and written no more for its receipt or a resend", () => {
      const { controller, client, outbox } = online(setup());
      const keep = vi.spyOn(outbox, "keep");

      const order = controller.publishPurchase(10);
      client.close();
      client.connect();
      client.receipt(1);

      expect(keep.mock.calls).toEqual([
        [[{ purchase: expect.objectContaining({ orderId: order.orderId }) as unknown, rush: false, published: false }]],
        [[{ purchase: expect.objectContaining({ orderId: order.orderId }) as unknown, rush: false, published: true }]],
      ]);
      expect(outbox.load()).toMatchObject([{ purchase: { orderId: order.orderId }, published: true }]);
    });

    it("an order whose tab closed right after the click, before any receipt, is resent by a reload a week later", () => {
      const before = online(setup());
      const order = before.controller.publishPurchase(10);
      before.controller.hostDisconnected();

      vi.setSystemTime(NOW + 7 * DAY_MS);
      const after = online(setup({ outbox: before.outbox }));

      expect(orderIdsSent(after.client)).toEqual([order.orderId]);
      expect(after.settled).toEqual([]);
    });

    it("after a reconnect a day later, an order sent without a receipt is resent, like one the broker took", () => {
      const { controller, client, outbox, settled } = online(setup({ receiptTimeoutMs: 5_000 }));
      const unreceipted = controller.publishPurchase(10);
      const taken = controller.publishPurchase(100);
      client.receipt(1);
      client.close();

      vi.setSystemTime(NOW + DAY_MS + 1);
      client.connect();

      expect(orderIdsSent(client)).toEqual([unreceipted.orderId, taken.orderId, unreceipted.orderId, taken.orderId]);
      expect(controller.orders.map((order) => order.status)).toEqual(["sending", "sending"]);
      expect(outbox.load().map((entry) => entry.purchase.orderId).sort()).toEqual([unreceipted.orderId, taken.orderId].sort());
      expect(settled).toEqual([]);
    });

    it("a click queued while offline for over a day is not sent when the connection finally comes up", () => {
      const { controller, client, settled } = setup();
      controller.hostConnected();
      const order = controller.publishPurchase(10);

      vi.setSystemTime(NOW + DAY_MS + 1);
      client.connect();

      expect(client.sent).toHaveLength(0);
      expect(controller.orders).toMatchObject([{ orderId: order.orderId, status: "expired" }]);
      expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["expired"]);
    });

    it("a page left offline shows a click as not sent the moment it is a day old, without waiting for a connection", () => {
      const { controller, client, settled } = setup();
      controller.hostConnected();
      const order = controller.publishPurchase(10);

      vi.advanceTimersByTime(DAY_MS);
      expect(controller.orders[0]?.status).toBe("queued");
      vi.advanceTimersByTime(1);

      expect(controller.orders).toMatchObject([{ orderId: order.orderId, status: "expired" }]);
      expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["expired"]);
      client.connect();
      expect(client.sent).toHaveLength(0);
    });

    it("where storage refuses every write, a click made offline still expires after a day instead of being read as sent elsewhere, and the warning stays", () => {
      const refusing: KeyValueStorage = {
        length: 0,
        key: () => null,
        getItem: () => null,
        setItem: () => {
          throw new DOMException("quota exceeded", "QuotaExceededError");
        },
        removeItem: () => undefined,
      };
      const { controller, client, settled } = setup({ outbox: webOutboxStorage(refusing, outboxKeyPrefix("fr", "ws://127.0.0.1:15674/ws"), "fr") });
      controller.hostConnected();
      expect(controller.ordersNotKept).toBe(false);
      controller.publishPurchase(10);
      // The buyer is told a reload would lose it.
      expect(controller.ordersNotKept).toBe(true);

      vi.advanceTimersByTime(DAY_MS + 1);
      client.connect();

      expect(client.sent).toHaveLength(0);
      expect(controller.orders[0]?.status).toBe("expired");
      expect(settled.map((settledOrder) => settledOrder.status)).toEqual(["expired"]);
      // Nothing is owed any more, but storage still refuses: the warning stays rather than come and go with each order.
      expect(controller.ordersNotKept).toBe(true);
    });

    it("a rush's orders are sent as they are placed, so a week after a rush the connection cut, all are resent and none expires or is announced", () => {
      const { controller, client, settled } = online(setup({ rushWindow: 3 }));
      controller.startRush(3);
      client.close();

      vi.setSystemTime(NOW + 7 * DAY_MS);
      client.connect();

      expect(client.sent).toHaveLength(6);
      expect(controller.orders.map((order) => [order.rush, order.status])).toEqual([
        [true, "sending"],
        [true, "sending"],
        [true, "sending"],
      ]);
      expect(settled).toEqual([]);
    });

    it("Send anyway sends an expired order with the same orderId, keeps it until answered, and can be confirmed", () => {
      const stale = kept(1, NOW - 7 * DAY_MS, false);
      const { controller, client, outbox } = online(setup({ outbox: memoryOutboxStorage([stale]) }));

      controller.retry(stale.purchase.orderId);

      expect(client.sent.map((send) => JSON.parse(send.body) as unknown)).toEqual([stale.purchase]);
      expect(controller.orders).toMatchObject([{ orderId: stale.purchase.orderId, status: "sending" }]);
      expect(outbox.load()).toEqual([{ ...stale, published: true, askedAt: new Date(NOW).toISOString() }]);
      client.receipt(0);
      client.answer(0);
      expect(controller.orders[0]?.status).toBe("confirmed");
      expect(outbox.load()).toEqual([]);
    });

    it("Send anyway while offline is kept with its ask: a reload counts the day from it, neither expiring the order nor announcing it again, until that day is over", () => {
      const stale = kept(1, NOW - 7 * DAY_MS, false);
      const before = setup({ outbox: memoryOutboxStorage([stale]) });
      before.controller.hostConnected();
      before.controller.retry(stale.purchase.orderId);
      before.controller.hostDisconnected();
      const stored = before.outbox.load();
      expect(stored).toEqual([{ ...stale, askedAt: new Date(NOW).toISOString() }]);

      vi.setSystemTime(NOW + DAY_MS);
      const reloaded = setup({ outbox: memoryOutboxStorage(stored) });
      expect(reloaded.controller.orders).toMatchObject([{ orderId: stale.purchase.orderId, status: "queued" }]);
      online(reloaded);

      expect(orderIdsSent(reloaded.client)).toEqual([stale.purchase.orderId]);
      expect(reloaded.settled).toEqual([]);
      vi.setSystemTime(NOW + DAY_MS + 1);
      expect(setup({ outbox: memoryOutboxStorage(stored) }).controller.orders).toMatchObject([{ status: "expired" }]);
    });

    describe("two tabs of the site, sharing its storage", () => {
      /** An order clicked offline in one tab, just under a day ago, that both tabs loaded while neither could send it. */
      function bothTabsHoldIt(): { order: OutboxEntry; tabA: Fixture; tabB: Fixture; shared: OutboxStorage } {
        const order = kept(1, NOW - DAY_MS + 1_000, false);
        const shared = memoryOutboxStorage([order]);
        const tabA = setup({ outbox: shared });
        const tabB = setup({ outbox: shared });
        tabA.controller.hostConnected();
        tabB.controller.hostConnected();
        return { order, tabA, tabB, shared };
      }

      it("an order the other tab placed after this one loaded, unanswered when that tab closed, is sent from this one and its answer shown here; a third tab's, still open, is not", async () => {
        const shared = memoryOutboxStorage();
        const locks = new FakeLockRegistry();
        const [locksA, locksB] = [locks.openTab(), locks.openTab()];
        const windowB = new EventTarget();
        const locksC = locks.openTab();
        const tabB = online(setup({ outbox: shared, tabSignals: { locks: locksB.locks, events: windowB } }));
        const tabA = online(setup({ outbox: shared, tabSignals: { locks: locksA.locks, events: new EventTarget() } }));
        const tabC = online(setup({ outbox: shared, tabSignals: { locks: locksC.locks, events: new EventTarget() } }));
        const order = tabA.controller.publishPurchase(10);
        // Tab C's order, owed too, is C's to send while C is open.
        tabC.controller.publishPurchase(100);
        // What the browser tells tab B of the tabs' writes.
        windowB.dispatchEvent(Object.assign(new Event("storage"), { key: `${outboxKeyPrefix("fr", "ws://127.0.0.1:15674/ws")}${order.orderId}` }));
        await locksSettle();
        expect(orderIdsSent(tabB.client)).toEqual([]);

        locksA.close();
        await locksSettle();
        expect(orderIdsSent(tabB.client)).toEqual([order.orderId]);
        tabB.client.answer(0);

        expect(tabB.controller.orders).toMatchObject([{ orderId: order.orderId, status: "confirmed" }]);
        expect(tabB.settled.map((settled) => settled.status)).toEqual(["confirmed"]);
        expect(shared.load().map(({ purchase }) => purchase.quantity)).toEqual([100]);
      });

      it("orders another open tab keeps owed, and this one does not list, are counted here a moment after that tab's news, and no longer once answered there or adopted here", async () => {
        const shared = memoryOutboxStorage();
        const locks = new FakeLockRegistry();
        const [locksA, locksB] = [locks.openTab(), locks.openTab()];
        const windowB = new EventTarget();
        const tabB = online(setup({ outbox: shared, tabSignals: { locks: locksB.locks, events: windowB } }));
        const tabA = online(setup({ outbox: shared, tabSignals: { locks: locksA.locks, events: new EventTarget() } }));
        /** The browser tells tab B that tab A wrote an outbox entry; B counts a moment later. */
        const tabAWrote = async (orderId: string) => {
          windowB.dispatchEvent(Object.assign(new Event("storage"), { key: `${outboxKeyPrefix("fr", "ws://127.0.0.1:15674/ws")}${orderId}` }));
          await locksSettle();
        };
        const answeredInA = tabA.controller.publishPurchase(10);
        const owedInA = tabA.controller.publishPurchase(100);
        // Listed here, so not counted.
        tabB.controller.publishPurchase(10);

        await tabAWrote(owedInA.orderId);
        expect(tabB.controller.ordersInOtherTabs).toBe(0);
        const updates = tabB.updates();
        vi.advanceTimersByTime(200);
        expect(tabB.controller.ordersInOtherTabs).toBe(2);
        expect(tabB.updates()).toBeGreaterThan(updates);

        tabA.client.receipt(0);
        tabA.client.answer(0);
        expect(tabA.controller.orders.find(({ orderId }) => orderId === answeredInA.orderId)?.status).toBe("confirmed");
        await tabAWrote(answeredInA.orderId);
        vi.advanceTimersByTime(200);
        expect(tabB.controller.ordersInOtherTabs).toBe(1);

        locksA.close();
        await locksSettle();
        vi.advanceTimersByTime(200);
        expect(tabB.controller.ordersInOtherTabs).toBe(0);
        expect(tabB.controller.orders.map(({ orderId }) => orderId)).toContain(owedInA.orderId);
      });

      it("an order another open tab had answered is listed here a moment after that tab's news, as a reload would list it, where it was counted as awaiting its answer; it is not told here", async () => {
        const shared = memoryOutboxStorage();
        const answered = memoryAnsweredStorage();
        const locks = new FakeLockRegistry();
        const [locksA, locksB] = [locks.openTab(), locks.openTab()];
        const windowB = new EventTarget();
        const tabB = online(setup({ outbox: shared, answered, tabSignals: { locks: locksB.locks, events: windowB } }));
        const tabA = online(setup({ outbox: shared, answered, tabSignals: { locks: locksA.locks, events: new EventTarget() } }));
        const ownOrder = tabB.controller.publishPurchase(100);
        vi.advanceTimersByTime(1);
        const order = tabA.controller.publishPurchase(10);
        const tabAWrote = async () => {
          windowB.dispatchEvent(Object.assign(new Event("storage"), { key: `${outboxKeyPrefix("fr", "ws://127.0.0.1:15674/ws")}${order.orderId}` }));
          await locksSettle();
          vi.advanceTimersByTime(200);
        };
        await tabAWrote();
        expect(tabB.controller.ordersInOtherTabs).toBe(1);

        tabA.client.answer(0);
        await tabAWrote();

        expect(tabB.controller.ordersInOtherTabs).toBe(0);
        // Newest click first, as everywhere in the list.
        expect(tabB.controller.orders).toMatchObject([
          { orderId: order.orderId, quantity: 10, status: "confirmed" },
          { orderId: ownOrder.orderId, status: "sending" },
        ]);
        expect(tabB.controller.stats.confirmed).toBe(1);
        expect(tabB.settled).toEqual([]);
        expect(orderIdsSent(tabB.client)).toEqual([ownOrder.orderId]);
      });

      it("an order the other tab has since sent is resent, not expired, once its day is over", () => {
        const { order, tabA, tabB, shared } = bothTabsHoldIt();
        tabA.client.connect();

        vi.setSystemTime(NOW + 2_000);
        tabB.client.connect();

        expect(orderIdsSent(tabB.client)).toEqual([order.purchase.orderId]);
        expect(tabB.controller.orders).toMatchObject([{ orderId: order.purchase.orderId, status: "sending", published: true }]);
        expect(tabB.settled).toEqual([]);
        expect(shared.load()).toMatchObject([{ purchase: order.purchase, published: true }]);
      });

      it("an order the other tab has since had answered, and forgotten, is resent to learn its outcome, not shown as not sent", () => {
        const { order, tabA, tabB, shared } = bothTabsHoldIt();
        tabA.client.connect();
        tabA.client.receipt(0);
        tabA.client.answer(0);
        expect(shared.load()).toEqual([]);

        vi.setSystemTime(NOW + 2_000);
        tabB.client.connect();
        tabB.client.answer(0);

        expect(orderIdsSent(tabB.client)).toEqual([order.purchase.orderId]);
        expect(tabB.controller.orders).toMatchObject([{ orderId: order.purchase.orderId, status: "confirmed" }]);
        expect(tabB.settled.map((settled) => settled.status)).toEqual(["confirmed"]);
      });

      it("an order the other tab's buyer sent anyway, still offline, counts its day from that ask", () => {
        const { order, tabA, tabB } = bothTabsHoldIt();
        vi.setSystemTime(NOW + 2_000);
        tabA.controller.publishPurchase(100);
        expect(tabA.controller.orders[1]).toMatchObject({ orderId: order.purchase.orderId, status: "expired" });
        tabA.controller.retry(order.purchase.orderId);

        vi.setSystemTime(NOW + 3_000);
        tabB.client.connect();

        expect(orderIdsSent(tabB.client)).toContain(order.purchase.orderId);
        expect(tabB.controller.orders.find(({ orderId }) => orderId === order.purchase.orderId)).toMatchObject({
          status: "sending",
          askedAt: new Date(NOW + 2_000).toISOString(),
        });
        expect(tabB.settled).toEqual([]);
      });

      it("an order the other tab had answered and forgot stays forgotten when this tab's copy times out, or is tried again", () => {
        const shared = memoryOutboxStorage();
        const tabA = online(setup({ outbox: shared, receiptTimeoutMs: 5_000, answerTimeoutMs: 15_000 }));
        const order = tabA.controller.publishPurchase(10);
        const tabB = online(setup({ outbox: shared, receiptTimeoutMs: 5_000, answerTimeoutMs: 15_000 }));
        tabA.client.receipt(0);
        tabA.client.answer(0);
        expect(shared.load()).toEqual([]);

        // Tab B sent its copy on connecting; without a receipt it turns busy, and the buyer is told so.
        vi.advanceTimersByTime(5_000);
        expect(tabB.controller.orders).toMatchObject([{ orderId: order.orderId, status: "busy" }]);
        expect(tabB.settled.map((settled) => settled.status)).toEqual(["busy"]);
        tabB.controller.retry(order.orderId);

        expect(shared.load()).toEqual([]);
      });

      it("an order the other tab expired is not sent here either, however long this tab was away", () => {
        const { order, tabA, tabB, shared } = bothTabsHoldIt();
        vi.setSystemTime(NOW + 2_000);
        tabA.controller.publishPurchase(100);
        expect(tabA.settled.map((settled) => [settled.orderId, settled.status])).toEqual([[order.purchase.orderId, "expired"]]);

        vi.setSystemTime(NOW + 20 * DAY_MS);
        tabB.client.connect();

        expect(orderIdsSent(tabB.client)).not.toContain(order.purchase.orderId);
        expect(tabB.controller.orders.find(({ orderId }) => orderId === order.purchase.orderId)?.status).toBe("expired");
        expect(tabB.settled.map((settled) => [settled.orderId, settled.status])).toEqual([[order.purchase.orderId, "expired"]]);
        expect(shared.load().find(({ purchase }) => purchase.orderId === order.purchase.orderId)).toEqual({ ...order, expired: true });
      });

      it("an order neither tab sent still expires, and storage is read again only when an order is about to", () => {
        const { order, tabB, shared } = bothTabsHoldIt();
        const load = vi.spyOn(shared, "load");
        tabB.controller.publishPurchase(10);
        expect(load).not.toHaveBeenCalled();

        vi.setSystemTime(NOW + 2_000);
        tabB.client.connect();

        expect(load).toHaveBeenCalledOnce();
        expect(tabB.controller.orders.find(({ orderId }) => orderId === order.purchase.orderId)?.status).toBe("expired");
        expect(tabB.settled.map((settled) => [settled.orderId, settled.status])).toEqual([[order.purchase.orderId, "expired"]]);
        expect(orderIdsSent(tabB.client)).not.toContain(order.purchase.orderId);
      });
    });
  });

  describe("answered orders after a reload", () => {
    const sentIds = (client: FakeStompClient): string[] => client.sent.map(({ body }) => (JSON.parse(body) as { orderId: string }).orderId);

    it("a reload lists the orders answered for good as they were answered, without their times, and sends none of them; an order answered processing_failed keeps its Try again instead", () => {
      const outbox = memoryOutboxStorage();
      const answered = memoryAnsweredStorage();
      const before = online(setup({ outbox, answered }));
      const confirmed = before.controller.publishPurchase(10);
      vi.advanceTimersByTime(1_000);
      const soldOut = before.controller.publishPurchase(100);
      vi.advanceTimersByTime(1_000);
      const unprocessed = before.controller.publishPurchase(10);
      before.client.answer(0);
      before.client.answer(1, { status: "rejected", reason: "sold_out" });
      before.client.answer(2, { status: "rejected", reason: "processing_failed" });
      before.controller.hostDisconnected();

      const after = online(setup({ outbox, answered }));

      expect(after.controller.orders.map(({ orderId, status, reason }) => [orderId, status, reason])).toEqual([
        [unprocessed.orderId, "rejected", "processing_failed"],
        [soldOut.orderId, "rejected", "sold_out"],
        [confirmed.orderId, "confirmed", undefined],
      ]);
      expect(sentIds(after.client)).toEqual([]);
      expect(after.controller.stats).toMatchObject({ confirmed: 1, rejected: 2, medianMs: undefined });
      expect(after.settled).toEqual([]);
    });
  });

  describe("live stock", () => {
    const stock = {
      total: 1000,
      remaining: 880,
      sold: { fr: 100, de: 20, gb: 0, es: 0 },
      at: "2026-07-14T19:00:00.000Z",
    };

    it("subscribes to the stock broadcast on every connection, since a subscription dies with its connection", () => {
      const { client } = online(setup());
      client.close();
      client.connect();

      expect(client.subscriptions.map(({ destination }) => destination)).toEqual(["/amq/queue/tickets.stock"]);
    });

    it("reads the stock stream from the next broadcast on, and acknowledges each one, or the stream stops at the prefetch", () => {
      const { client } = online(setup());
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      client.broadcast("/amq/queue/tickets.stock", "not a stock level");

      expect(client.subscriptions[0]?.headers).toMatchObject({ ack: "client", "x-stream-offset": "next" });
      expect(client.acked).toBe(2);
    });

    it("shows the latest broadcast and asks the host to render it", () => {
      const fixture = online(setup());
      const before = fixture.updates();

      fixture.client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));

      expect(fixture.controller.stock).toEqual(stock);
      expect(fixture.updates()).toBeGreaterThan(before);
    });

    it("knows when it last heard the stock by the page's clock, an unchanged broadcast included, without rendering for it", async () => {
      // A page clock of its own, ahead of the system's, to tell that it is the one used.
      const fixture = online(setup({ wallClock: () => Date.now() + 5_000 }));
      expect(fixture.controller.stockHeardAt).toBeUndefined();
      fixture.client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      const firstHeard = fixture.controller.stockHeardAt;
      const updates = fixture.updates();

      await vi.advanceTimersByTimeAsync(1_000);
      fixture.client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));

      expect(firstHeard).toBe(Date.now() + 4_000);
      expect(fixture.controller.stockHeardAt).toBe(Date.now() + 5_000);
      expect(fixture.updates()).toBe(updates);
    });

    it("the stock is live only while broadcasts keep coming: not before the first on a connection, and not once 3 s pass without one", () => {
      const fixture = online(setup());
      const { controller, client } = fixture;
      expect(controller.stockLive).toBe(false);
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      expect(controller.stockLive).toBe(true);

      vi.advanceTimersByTime(STOCK_STALE_AFTER_MS - 1);
      expect(controller.stockLive).toBe(true);
      const updates = fixture.updates();
      vi.advanceTimersByTime(1);
      expect(controller.stockLive).toBe(false);
      // The page is asked to show it, though the level did not change.
      expect(fixture.updates()).toBeGreaterThan(updates);
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      expect(controller.stockLive).toBe(true);

      client.close();
      expect(controller.stockLive).toBe(false);
      client.connect();
      // The level as last heard, before this connection: not live until a broadcast comes on it.
      expect(controller.stock).toEqual(stock);
      expect(controller.stockLive).toBe(false);
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      expect(controller.stockLive).toBe(true);
    });

    it("a subscription that goes 3 s without a stock broadcast, before the first or after the latest, is silent (the consumer is likely down) until one comes; a new connection starts the count afresh", () => {
      const fixture = online(setup());
      const { controller, client } = fixture;
      vi.advanceTimersByTime(STOCK_STALE_AFTER_MS - 1);
      expect(controller.stockSilent).toBe(false);
      const updates = fixture.updates();
      vi.advanceTimersByTime(1);
      expect(controller.stockSilent).toBe(true);
      expect(fixture.updates()).toBeGreaterThan(updates);

      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      expect(controller.stockSilent).toBe(false);
      expect(controller.stockLive).toBe(true);
      // The consumer stops after a broadcast: the level is no longer live, and the page hears nothing more.
      vi.advanceTimersByTime(STOCK_STALE_AFTER_MS - 1);
      expect(controller.stockSilent).toBe(false);
      const updatesWhileLive = fixture.updates();
      vi.advanceTimersByTime(1);
      expect(controller.stockLive).toBe(false);
      expect(controller.stockSilent).toBe(true);
      expect(fixture.updates()).toBeGreaterThan(updatesWhileLive);
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));
      expect(controller.stockSilent).toBe(false);
      expect(controller.stockLive).toBe(true);

      client.close();
      client.connect();
      vi.advanceTimersByTime(STOCK_STALE_AFTER_MS - 1);
      expect(controller.stockSilent).toBe(false);
      vi.advanceTimersByTime(1);
      expect(controller.stockSilent).toBe(true);
      const updatesWhileSilent = fixture.updates();
      client.close();
      // Offline is no news of the consumer: the badge says what is wrong.
      expect(controller.stockSilent).toBe(false);
      expect(fixture.updates()).toBeGreaterThan(updatesWhileSilent);
    });

    it("the pause after the broker cancelled the stock subscription is not silence: the count starts afresh with the next subscription", () => {
      const { controller, client } = online(setup());
      vi.advanceTimersByTime(STOCK_STALE_AFTER_MS - 1_000);
      client.cancelSubscriptions("/amq/queue/tickets.stock");

      vi.advanceTimersByTime(STOCK_RESUBSCRIBE.delayMs);
      expect(client.subscriptions.map(({ destination }) => destination)).toEqual(["/amq/queue/tickets.stock"]);
      expect(controller.stockSilent).toBe(false);
      vi.advanceTimersByTime(STOCK_STALE_AFTER_MS - 1);
      expect(controller.stockSilent).toBe(false);
      vi.advanceTimersByTime(1);
      expect(controller.stockSilent).toBe(true);
    });

    it("when the broker cancels the stock subscription and keeps the connection, the page stays online, subscribes again after a pause, and blames no later close on it", () => {
      const { controller, client } = online(setup());
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));

      client.cancelSubscriptions("/amq/queue/tickets.stock");

      expect(controller.connection).toBe("online");
      expect(controller.lastError).toBeUndefined();
      expect(controller.stockLive).toBe(false);
      vi.advanceTimersByTime(STOCK_RESUBSCRIBE.delayMs - 1);
      expect(client.subscriptions).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(client.subscriptions.map(({ destination }) => destination)).toEqual(["/amq/queue/tickets.stock"]);
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify({ ...stock, remaining: 870, sold: { ...stock.sold, fr: 110 } }));
      expect(controller.stock?.remaining).toBe(870);
      expect(controller.stockLive).toBe(true);

      // The network drops later: no ERROR explains that.
      client.close();
      expect(controller.lastError).toBeUndefined();
    });

    it("a stock subscription the broker keeps cancelling is asked for again less and less often; a broadcast starts the pauses afresh", () => {
      const { controller, client } = online(setup());
      /** The broker cancels the subscription: how long until the page subscribes again. */
      const resubscribedAfter = (): number => {
        client.cancelSubscriptions("/amq/queue/tickets.stock");
        let waited = 0;
        while (client.subscriptions.length === 0 && waited < 60_000) {
          vi.advanceTimersByTime(100);
          waited += 100;
        }
        return waited;
      };

      const pauses = [resubscribedAfter(), resubscribedAfter(), resubscribedAfter(), resubscribedAfter(), resubscribedAfter(), resubscribedAfter()];
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));

      expect(pauses).toEqual([3_000, 6_000, 12_000, 15_000, 15_000, 15_000]);
      expect(resubscribedAfter()).toBe(3_000);
      expect(client.subscriptions).toHaveLength(1);
      expect(controller.connection).toBe("online");
    });

    it("an ERROR naming some other subscription leaves the stock subscribed and live and the connection up, and keeps the broker's words as the last error", () => {
      const { controller, client } = online(setup());
      client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));

      client.config.onStompError?.(frame("ERROR", { message: "Server cancelled subscription", subscription: "sub-99" }, ""));

      expect(controller.stockLive).toBe(true);
      vi.advanceTimersByTime(60_000);
      expect(client.subscriptions).toHaveLength(1);
      expect(controller.lastError).toEqual({ kind: "closed", words: "Server cancelled subscription" });
      expect(controller.connection).toBe("online");
    });

    it("ignores a broadcast it cannot read, and keeps the last good one", () => {
      const fixture = online(setup());
      fixture.client.broadcast("/amq/queue/tickets.stock", JSON.stringify(stock));

      fixture.client.broadcast("/amq/queue/tickets.stock", JSON.stringify({ ...stock, remaining: -5 }));

      expect(fixture.controller.stock).toEqual(stock);
    });
  });
});
