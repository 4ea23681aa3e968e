import type { Purchase } from "@repo/contract";
import { MAX_ORDER_ID_LENGTH, MAX_PURCHASE_BYTES, PURCHASE_DELIVERY_LIMIT } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Delivery } from "../delivery.js";
import type { OrderStore } from "../store/order-store.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { PurchaseOutcome } from "./purchase.js";
import { checkPurchase, decidePurchase, isLastDelivery, MAX_DETAIL_LENGTH, UNANSWERABLE } from "./purchase.js";

const NOW = new Date("2025-11-25T12:00:00.000Z");
const REPLY_TO = "amq.gen-Yx3k_1b2C3d4E5f6G7h8Ig";

function purchase(overrides: Partial<Purchase> = {}): Purchase {
  return {
    orderId: crypto.randomUUID(),
    country: "fr",
    quantity: 10,
    placedAt: "2025-11-25T11:59:59.000Z",
    ...overrides,
  };
}

function encode(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  return new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
}

/** A delivery as a well-behaved fr site sends it, correlated by the body's orderId. */
function delivery(body: unknown, overrides: Partial<Delivery> = {}): Delivery {
  const orderId = typeof body === "object" && body !== null && "orderId" in body ? String(body.orderId) : undefined;
  return {
    body: encode(body),
    routingKey: "purchase.fr",
    userId: "site-fr",
    correlationId: orderId,
    replyTo: REPLY_TO,
    redelivered: false,
    deliveryCount: 0,
    ...overrides,
  };
}

/** Checks a delivery, then decides it in the store if it passed its checks, as the processor does. */
function handlePurchase(checked: Delivery, store: OrderStore, now: Date): PurchaseOutcome {
  const outcome = checkPurchase(checked, now);
  return outcome.kind === "sellable" ? decidePurchase(outcome, store, now) : outcome;
}

describe("checkPurchase, then decidePurchase", () => {
  let store: OrderStore;

  beforeEach(() => {
    store = openSqliteStore({ path: ":memory:", initialStock: 1000 });
  });

  afterEach(() => {
    store.close();
  });

  it("when the stock covers a valid purchase, it is confirmed, answered on its reply-to and acknowledged", () => {
    const order = purchase({ quantity: 100 });

    const outcome = handlePurchase(delivery(order), store, NOW);

    expect(outcome).toMatchObject({ kind: "processed", settlement: "ack" });
    expect(outcome.reply).toEqual({
      to: REPLY_TO,
      confirmation: {
        orderId: order.orderId,
        status: "confirmed",
        quantity: 100,
        processedAt: NOW.toISOString(),
        remaining: 900,
      },
    });
    expect(store.stock().remaining).toBe(900);
  });

  it("when the stock cannot cover the quantity, the order is rejected as sold out and still acknowledged", () => {
    const small = openSqliteStore({ path: ":memory:", initialStock: 50 });
    const order = purchase({ quantity: 100 });

    const outcome = handlePurchase(delivery(order), small, NOW);

    expect(outcome).toMatchObject({ kind: "processed", settlement: "ack" });
    expect(outcome.reply?.confirmation).toMatchObject({ status: "rejected", reason: "sold_out", remaining: 50 });
    expect(small.stock().remaining).toBe(50);
    small.close();
  });

  it("when the same purchase is delivered twice, both answers are identical and it is sold once", () => {
    const order = purchase({ quantity: 100 });
    const first = handlePurchase(delivery(order), store, NOW);

    const second = handlePurchase(delivery(order, { redelivered: true }), store, new Date("2025-11-25T12:05:00.000Z"));

    expect(second.reply).toEqual(first.reply);
    expect(second).toMatchObject({ kind: "processed", order: { replayed: true } });
    expect(store.soldByCountry().fr).toBe(100);
  });

  const orderId = crypto.randomUUID();
  const valid = purchase({ orderId });
  it.each<[string, Delivery, number | null]>([
    ["too_large", delivery("x".repeat(MAX_PURCHASE_BYTES + 1), { correlationId: orderId }), null],
    ["invalid_json", delivery("{not json", { correlationId: orderId }), null],
    ["invalid_json", delivery(new Uint8Array([0xff, 0xfe]), { correlationId: orderId }), null],
    ["invalid_fields", delivery({ ...valid, extra: true }), null],
    ["invalid_fields", delivery({ ...valid, orderId: "not-a-uuid" }, { correlationId: orderId }), null],
    ["invalid_quantity", delivery({ ...valid, quantity: 11 }), null],
    ["invalid_quantity", delivery({ ...valid, quantity: undefined }), null],
    ["country_mismatch", delivery({ ...valid, country: "de" }), 10],
    ["wrong_site", delivery(valid, { userId: "site-de" }), 10],
    ["wrong_site", delivery(valid, { userId: undefined }), 10],
    ["order_id_mismatch", delivery(valid, { correlationId: crypto.randomUUID() }), 10],
  ])("when the purchase is invalid (%s), it is refused without the store, logged under its correlation id, answered with the quantity if it was read, and dead-lettered", (reason, bad, quantity) => {
    const outcome = checkPurchase(bad, NOW);

    expect(outcome).toMatchObject({ kind: "refused", settlement: "dead-letter", reason, orderId: bad.correlationId });
    expect(outcome.kind === "refused" ? outcome.reply : undefined).toEqual({
      to: REPLY_TO,
      confirmation: {
        orderId: bad.correlationId,
        status: "rejected",
        quantity,
        reason,
        processedAt: NOW.toISOString(),
      },
    });
  });

  it("when a purchase passes its checks, it is handed on to be sold with its reply queue, the store untouched so far", () => {
    const order = purchase();

    const outcome = checkPurchase(delivery(order), NOW);

    expect(outcome).toEqual({ kind: "sellable", purchase: order, to: REPLY_TO });
    expect(store.stock().remaining).toBe(1000);
  });

  it("when an invalid purchase names a reply-to that is not a broker temp queue, it is dead-lettered without an answer", () => {
    const bad = delivery("{not json", { correlationId: orderId, replyTo: "purchases.de" });

    const outcome = handlePurchase(bad, store, NOW);

    expect(outcome).toMatchObject({
      kind: "refused",
      settlement: "dead-letter",
      reason: "invalid_json",
      reply: undefined,
      unanswered: "reply-to is not a broker temporary queue",
    });
  });

  it("when an invalid purchase has no correlation-id, it is dead-lettered without an answer", () => {
    const bad = delivery("{not json", { correlationId: undefined });

    const outcome = handlePurchase(bad, store, NOW);

    expect(outcome).toMatchObject({ reason: "invalid_json", reply: undefined, unanswered: "no usable correlation-id" });
  });

  it.each([
    ["over-long", "o".repeat(MAX_ORDER_ID_LENGTH + 1)],
    ["empty", ""],
  ])("when an invalid purchase's correlation-id is %s, it is dead-lettered without an answer", (_, correlationId) => {
    const bad = delivery("{not json", { correlationId });

    const outcome = handlePurchase(bad, store, NOW);

    expect(outcome).toMatchObject({ reason: "invalid_json", reply: undefined, unanswered: "no usable correlation-id" });
  });

  it("when an invalid purchase's correlation-id is as long as an orderId may be, it is answered", () => {
    const correlationId = "o".repeat(MAX_ORDER_ID_LENGTH);

    const outcome = handlePurchase(delivery("{not json", { correlationId }), store, NOW);

    expect(outcome).toMatchObject({ reason: "invalid_json", reply: { to: REPLY_TO, confirmation: { orderId: correlationId } }, unanswered: undefined });
  });

  it.each([
    ["reply-to is not a broker temporary queue", "purchases.fr"],
    ["no reply-to", undefined],
  ])("when a valid purchase cannot be answered (%s), nothing is sold and it is dead-lettered", (why, replyTo) => {
    const outcome = handlePurchase(delivery(purchase(), { replyTo }), store, NOW);

    expect(outcome).toMatchObject({
      kind: "refused",
      settlement: "dead-letter",
      reason: UNANSWERABLE,
      reply: undefined,
      unanswered: why,
    });
    expect(store.stock().remaining).toBe(1000);
  });

  it.each([
    ["a field", { ...purchase(), placedAt: "<script>".repeat(100) }],
    ["every field", { orderId: "o".repeat(200), country: "c".repeat(200), quantity: "q".repeat(200), placedAt: "p".repeat(200) }],
  ])("when a refusal quotes what the browser sent in %s, its detail, which is logged, is cut to MAX_DETAIL_LENGTH characters", (_, body) => {
    const outcome = handlePurchase(delivery(body, { correlationId: orderId }), store, NOW);

    expect(outcome).toMatchObject({ kind: "refused", reason: "invalid_fields" });
    const detail = outcome.kind === "refused" ? outcome.detail : "";
    expect(detail).toHaveLength(MAX_DETAIL_LENGTH);
    expect(detail).toMatch(/^\S+: .*…$/);
  });

  it("when a refusal's detail is exactly MAX_DETAIL_LENGTH characters, it is kept whole", () => {
    // "user-id " and " does not sell fr" are 25 characters of the detail.
    const userId = "u".repeat(MAX_DETAIL_LENGTH - 25);

    const outcome = handlePurchase(delivery(purchase(), { userId }), store, NOW);

    expect(outcome).toMatchObject({ kind: "refused", reason: "wrong_site", detail: `user-id ${userId} does not sell fr` });
  });

  it("when a refusal's detail is cut inside a run of emoji, no emoji is split: the cut counts characters, not UTF-16 units", () => {
    const userId = "😀".repeat(MAX_DETAIL_LENGTH);

    const outcome = handlePurchase(delivery(purchase(), { userId }), store, NOW);

    // "user-id " is 8 characters; then as many whole emoji as fit before the ellipsis.
    expect(outcome).toMatchObject({ kind: "refused", reason: "wrong_site", detail: `user-id ${"😀".repeat(MAX_DETAIL_LENGTH - 9)}…` });
  });

  it("when a refusal's detail is short, it is kept whole", () => {
    const outcome = handlePurchase(delivery({ ...purchase(), quantity: 11 }, { correlationId: orderId }), store, NOW);

    expect(outcome).toMatchObject({ kind: "refused", detail: expect.stringMatching(/^quantity: [^…]+$/) as unknown });
  });

  it("when the store fails, its own error reaches the caller rather than an outcome", () => {
    store.close();

    const act = () => handlePurchase(delivery(purchase()), store, NOW);

    expect(act).toThrow(/database connection is not open/);
  });
});

describe("isLastDelivery", () => {
  it.each([
    [0, false],
    [PURCHASE_DELIVERY_LIMIT - 1, false],
    [PURCHASE_DELIVERY_LIMIT, true],
  ])("when a purchase failed %i times before, whether this delivery is the last the queue allows is %s", (deliveryCount, last) => {
    const next = delivery(purchase(), { redelivered: deliveryCount > 0, deliveryCount });

    const isLast = isLastDelivery(next);

    expect(isLast).toBe(last);
  });
});
