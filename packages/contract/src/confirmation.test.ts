import { describe, expect, it } from "vitest";
import { confirmationProperties, isBrokerTempQueue, MAX_ORDER_ID_LENGTH, parseConfirmation, parseReply } from "./confirmation.js";

describe("isBrokerTempQueue", () => {
  it.each(["amq.gen-9PXkSPruymEtrMsr3duGDA", "stomp.gen-a_b-c"])("accepts the broker-generated name %s", (name) => {
    expect(isBrokerTempQueue(name)).toBe(true);
  });

  it.each(["purchases.fr", "amq.gen-", "", "amq.gen-x y", "xamq.gen-abc", "amqXgen-abc", "stomp-gen-abc", undefined, 42])("refuses %s, which a browser could aim at any queue", (name) => {
    expect(isBrokerTempQueue(name)).toBe(false);
  });

  it("accepts a generated part of up to 200 characters and refuses a longer one", () => {
    const longest = `amq.gen-${"a".repeat(200)}`;

    expect(isBrokerTempQueue(longest)).toBe(true);
    expect(isBrokerTempQueue(`${longest}a`)).toBe(false);
  });
});

describe("parseConfirmation", () => {
  const confirmation = {
    orderId: "6f1c1a52-3b7e-4d4f-9a53-2a3f0c7d9e10",
    status: "rejected",
    quantity: 10,
    reason: "sold_out",
    processedAt: "2026-11-25T17:00:00.000Z",
    remaining: 0,
  };

  it("reads a confirmation the consumer sends", () => {
    expect(parseConfirmation(JSON.stringify(confirmation))).toEqual(confirmation);
  });

  it("ignores a frame that is not a confirmation", () => {
    expect(parseConfirmation("{")).toBeUndefined();
    expect(parseConfirmation(JSON.stringify({ ...confirmation, status: "maybe" }))).toBeUndefined();
  });

  it("reads a confirmation whose orderId is as long as one may be", () => {
    const longest = { ...confirmation, orderId: "o".repeat(MAX_ORDER_ID_LENGTH) };

    expect(parseConfirmation(JSON.stringify(longest))).toEqual(longest);
  });

  it.each<[string, Record<string, unknown>]>([
    ["an orderId over the length limit", { orderId: "o".repeat(MAX_ORDER_ID_LENGTH + 1) }],
    ["a negative quantity", { quantity: -1 }],
    ["a fractional quantity", { quantity: 1.5 }],
    ["an unknown reason", { reason: "nope" }],
    ["a processedAt that is no timestamp", { processedAt: "now" }],
    ["a negative remaining", { remaining: -1 }],
    ["a fractional remaining", { remaining: 1.5 }],
  ])("ignores a confirmation with %s", (_case, change) => {
    const malformed = JSON.stringify({ ...confirmation, ...change });

    expect(parseConfirmation(malformed)).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>]>([
    ["a rejection without a reason", { reason: undefined }],
    ["a confirmation with a reason", { status: "confirmed" }],
    ["a confirmation without a quantity", { status: "confirmed", reason: undefined, quantity: null }],
    ["a refusal that reports the stock left, which only the store knows", { reason: "wrong_site" }],
  ])("ignores %s, which the consumer never sends", (_case, change) => {
    const incoherent = JSON.stringify({ ...confirmation, ...change });

    expect(parseConfirmation(incoherent)).toBeUndefined();
  });

  it("reads a refusal of an unreadable body, which names no quantity and no stock", () => {
    const refusal = { orderId: confirmation.orderId, status: "rejected", quantity: null, reason: "invalid_json", processedAt: confirmation.processedAt };

    expect(parseConfirmation(JSON.stringify(refusal))).toEqual(refusal);
  });

  it("puts only string headers on the reply, which survive the AMQP to STOMP conversion", () => {
    const properties = confirmationProperties({ ...confirmation, status: "confirmed", reason: undefined });

    expect(properties.correlationId).toBe(confirmation.orderId);
    expect(Object.values(properties.headers).every((value) => typeof value === "string")).toBe(true);
  });

  it.each([
    ["confirmed", undefined],
    ["rejected", "sold_out"],
  ] as const)("names a %s order's outcome in the order-status header", (status, reason) => {
    const properties = confirmationProperties({ ...confirmation, status, reason });

    expect(properties.headers["order-status"]).toBe(status);
  });
});

describe("parseReply", () => {
  const confirmation = { orderId: "6f1c1a52-3b7e-4d4f-9a53-2a3f0c7d9e10", status: "confirmed", quantity: 10, processedAt: "2026-11-25T17:00:00.000Z", remaining: 90 };
  const body = JSON.stringify(confirmation);

  it("reads a reply whose correlation-id names the order its body answers, or that has none", () => {
    expect(parseReply({ headers: { "correlation-id": confirmation.orderId }, body })).toEqual(confirmation);
    expect(parseReply({ headers: {}, body })).toEqual(confirmation);
  });

  it("ignores a reply whose correlation-id names another order than its body, or whose body is no confirmation", () => {
    expect(parseReply({ headers: { "correlation-id": "6f1c1a52-3b7e-4d4f-9a53-000000000000" }, body })).toBeUndefined();
    expect(parseReply({ headers: { "correlation-id": confirmation.orderId }, body: "{}" })).toBeUndefined();
  });
});
