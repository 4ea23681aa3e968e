import { describe, expect, it } from "vitest";
import { confirmationProperties, isBrokerTempQueue, parseConfirmation } from "./confirmation.js";

describe("isBrokerTempQueue", () => {
  it.each(["amq.gen-9PXkSPruymEtrMsr3duGDA", "stomp.gen-a_b-c"])("accepts the broker-generated name %s", (name) => {
    expect(isBrokerTempQueue(name)).toBe(true);
  });

  it.each(["purchases.fr", "amq.gen-", "", "amq.gen-x y", "xamq.gen-abc", undefined, 42])("refuses %s, which a browser could aim at any queue", (name) => {
    expect(isBrokerTempQueue(name)).toBe(false);
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

  it("puts only string headers on the reply, which survive the AMQP to STOMP conversion", () => {
    const properties = confirmationProperties({ ...confirmation, status: "confirmed", reason: undefined });

    expect(properties.correlationId).toBe(confirmation.orderId);
    expect(Object.values(properties.headers).every((value) => typeof value === "string")).toBe(true);
  });
});
