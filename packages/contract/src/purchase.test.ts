import { describe, expect, it } from "vitest";
import { REJECTION_REASONS } from "./confirmation.js";
import type { PurchaseEnvelope } from "./purchase.js";
import { isPurchase, isPurchaseQuantity, MAX_PURCHASE_BYTES, parsePurchase, purchaseDestination, purchaseSendHeaders } from "./purchase.js";

const ORDER_ID = "6f1c1a52-3b7e-4d4f-9a53-2a3f0c7d9e10";

function body(fields: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(fields));
}

/** A purchase body whose JSON is intact but whose placedAt string holds a byte that is not UTF-8. */
function bodyWithInvalidUtf8InAString(): Uint8Array {
  const bytes = body({ ...validFields(), placedAt: "@" });
  bytes[bytes.indexOf(0x40)] = 0xff;
  return bytes;
}

/** The fields as JSON with whitespace after the opening brace, to exactly `size` bytes. */
function paddedBody(fields: Record<string, unknown>, size: number): Uint8Array {
  const json = JSON.stringify(fields);
  return new TextEncoder().encode(`{${" ".repeat(size - json.length)}${json.slice(1)}`);
}

function validFields(): Record<string, unknown> {
  return { orderId: ORDER_ID, country: "fr", quantity: 10, placedAt: "2026-11-25T17:00:00.000Z" };
}

function envelope(overrides: Partial<PurchaseEnvelope> = {}): PurchaseEnvelope {
  return { routingKey: "purchase.fr", userId: "site-fr", correlationId: ORDER_ID, ...overrides };
}

describe("parsePurchase", () => {
  it("accepts a purchase whose body, routing key, user and correlation id agree", () => {
    const result = parsePurchase(body(validFields()), envelope());

    expect(result).toEqual({ ok: true, purchase: validFields() });
  });

  it("accepts a valid purchase of exactly the size limit", () => {
    const input = paddedBody(validFields(), MAX_PURCHASE_BYTES);

    const result = parsePurchase(input, envelope());

    expect(input.byteLength).toBe(MAX_PURCHASE_BYTES);
    expect(result).toEqual({ ok: true, purchase: validFields() });
  });

  it.each([
    ["a body over the size limit", new Uint8Array(MAX_PURCHASE_BYTES + 1), REJECTION_REASONS.tooLarge],
    ["a body that is not JSON", new TextEncoder().encode("<script>"), REJECTION_REASONS.invalidJson],
    ["a body that is not UTF-8", new Uint8Array([0xff, 0xfe, 0x7b]), REJECTION_REASONS.invalidJson],
    ["a string field with a byte that is not UTF-8", bodyWithInvalidUtf8InAString(), REJECTION_REASONS.invalidJson],
    ["a JSON array", body([] as unknown as Record<string, unknown>), REJECTION_REASONS.invalidFields],
    ["a missing orderId", body({ ...validFields(), orderId: undefined }), REJECTION_REASONS.invalidFields],
    ["an orderId that is not a UUID", body({ ...validFields(), orderId: "<b>1</b>" }), REJECTION_REASONS.invalidFields],
    ["an orderId in uppercase, which would be another order to the store", body({ ...validFields(), orderId: ORDER_ID.toUpperCase() }), REJECTION_REASONS.invalidFields],
    ["an unknown field", body({ ...validFields(), price: 0 }), REJECTION_REASONS.invalidFields],
    ["an unknown country", body({ ...validFields(), country: "it" }), REJECTION_REASONS.invalidFields],
    ["a placedAt that is no timestamp", body({ ...validFields(), placedAt: "yesterday" }), REJECTION_REASONS.invalidFields],
    ["a placedAt with a space for the T and an hour offset", body({ ...validFields(), placedAt: "2020-01-01 00:00:00+01" }), REJECTION_REASONS.invalidFields],
    ["a placedAt on a day February does not have", body({ ...validFields(), placedAt: "2026-02-30T10:00:00.000Z" }), REJECTION_REASONS.invalidFields],
    ["a placedAt without milliseconds", body({ ...validFields(), placedAt: "2026-11-25T17:00:00Z" }), REJECTION_REASONS.invalidFields],
    ["quantity 0", body({ ...validFields(), quantity: 0 }), REJECTION_REASONS.invalidQuantity],
    ["a negative quantity", body({ ...validFields(), quantity: -10 }), REJECTION_REASONS.invalidQuantity],
    ["a fractional quantity", body({ ...validFields(), quantity: 10.5 }), REJECTION_REASONS.invalidQuantity],
    ["a huge quantity", body({ ...validFields(), quantity: 1e12 }), REJECTION_REASONS.invalidQuantity],
    ["a quantity given as a string", body({ ...validFields(), quantity: "10" }), REJECTION_REASONS.invalidQuantity],
    ["a missing quantity", body({ ...validFields(), quantity: undefined }), REJECTION_REASONS.invalidQuantity],
    ["a bad quantity and a bad placedAt", body({ ...validFields(), quantity: 11, placedAt: "yesterday" }), REJECTION_REASONS.invalidFields],
  ])("rejects %s, with no quantity to report", (_case, input, reason) => {
    const result = parsePurchase(input, envelope());

    expect(result).toMatchObject({ ok: false, reason, quantity: null });
  });

  it("rejects a body whose country differs from the routing key, reporting the quantity it read", () => {
    const result = parsePurchase(body({ ...validFields(), country: "de", quantity: 100 }), envelope());

    expect(result).toMatchObject({ ok: false, reason: REJECTION_REASONS.countryMismatch, quantity: 100 });
  });

  it("rejects a purchase sent by another country's site, reporting the quantity it read", () => {
    const result = parsePurchase(body(validFields()), envelope({ userId: "site-de" }));

    expect(result).toMatchObject({ ok: false, reason: REJECTION_REASONS.wrongSite, quantity: 10 });
  });

  it("rejects a purchase without a broker-validated user", () => {
    const result = parsePurchase(body(validFields()), envelope({ userId: undefined }));

    expect(result).toMatchObject({ ok: false, reason: REJECTION_REASONS.wrongSite, quantity: 10 });
  });

  it("rejects a correlation id that is not the orderId, reporting the quantity it read", () => {
    const result = parsePurchase(body(validFields()), envelope({ correlationId: "other" }));

    expect(result).toMatchObject({ ok: false, reason: REJECTION_REASONS.orderIdMismatch, quantity: 10 });
  });
});

describe("purchase SEND frame", () => {
  it("targets the exchange with the country's routing key, never a /queue/ destination", () => {
    expect(purchaseDestination("gb")).toBe("/exchange/tickets.purchases.gb/purchase.gb");
  });

  it("asks for a temporary reply queue and names the site as user-id", () => {
    const headers = purchaseSendHeaders({ orderId: ORDER_ID, country: "es", quantity: 100, placedAt: "2026-11-25T17:00:00.000Z" });

    expect(headers).toEqual({
      "reply-to": "/temp-queue/confirmations",
      "correlation-id": ORDER_ID,
      "content-type": "application/json",
      persistent: "true",
      "user-id": "site-es",
    });
  });
});

describe("isPurchase", () => {
  it("accepts exactly the purchases parsePurchase would read from a body", () => {
    expect(isPurchase(validFields())).toBe(true);
    expect(isPurchase({ ...validFields(), quantity: 11 })).toBe(false);
    expect(isPurchase({ ...validFields(), orderId: "<b>1</b>" })).toBe(false);
    expect(isPurchase({ ...validFields(), extra: true })).toBe(false);
    expect(isPurchase("{}")).toBe(false);
  });
});

describe("isPurchaseQuantity", () => {
  it("holds for the quantities the sites sell and nothing else", () => {
    expect([10, 100, 0, 11, 1_000, "10", null].filter(isPurchaseQuantity)).toEqual([10, 100]);
  });
});
