import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Purchase } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrderStore } from "./order-store.js";
import { openSqliteStore } from "./sqlite-store.js";

const NOW = new Date("2025-11-25T12:00:00.000Z");

function purchase(overrides: Partial<Purchase> = {}): Purchase {
  return {
    orderId: crypto.randomUUID(),
    country: "fr",
    quantity: 10,
    placedAt: "2025-11-25T11:59:59.000Z",
    ...overrides,
  };
}

describe("openSqliteStore", () => {
  let dir: string;
  let stores: OrderStore[];

  function open(initialStock: number, path = join(dir, "nested", "tickets.sqlite")): OrderStore {
    const store = openSqliteStore({ path, initialStock });
    stores.push(store);
    return store;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "consumer-store-"));
    stores = [];
  });

  afterEach(() => {
    for (const store of stores) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the database folder and starts with the initial stock", () => {
    const store = open(1000);

    expect(store.stock()).toEqual({ total: 1000, remaining: 1000 });
  });

  it("when the stock covers the quantity, the order is confirmed and the stock goes down by it", () => {
    const store = open(1000);

    const order = store.placeOrder(purchase({ quantity: 100 }), NOW);

    expect(order).toMatchObject({ status: "confirmed", reason: undefined, quantity: 100, remaining: 900, replayed: false });
    expect(order.processedAt).toBe(NOW.toISOString());
    expect(store.stock().remaining).toBe(900);
  });

  it("when the remaining stock equals the quantity, the order is confirmed and the stock reaches zero", () => {
    const store = open(10);

    const order = store.placeOrder(purchase({ quantity: 10 }), NOW);

    expect(order.status).toBe("confirmed");
    expect(store.stock().remaining).toBe(0);
  });

  it("when the stock cannot cover the quantity, the order is rejected as sold out and nothing is sold", () => {
    const store = open(99);

    const order = store.placeOrder(purchase({ quantity: 100 }), NOW);

    expect(order).toMatchObject({ status: "rejected", reason: "sold_out", remaining: 99 });
    expect(store.stock().remaining).toBe(99);
    expect(store.soldByCountry().fr).toBe(0);
  });

  it("when an orderId comes again, the first outcome is returned and nothing more is sold", () => {
    const store = open(1000);
    const first = purchase({ quantity: 100 });
    const original = store.placeOrder(first, NOW);

    const replay = store.placeOrder(first, new Date("2025-11-25T13:00:00.000Z"));

    expect(replay).toEqual({ ...original, replayed: true });
    expect(store.stock().remaining).toBe(900);
  });

  it("when a sold-out orderId comes again after stock is back, it stays rejected", () => {
    const path = join(dir, "tickets.sqlite");
    const store = open(5, path);
    const first = purchase({ quantity: 10 });
    store.placeOrder(first, NOW);

    const replay = store.placeOrder(first, NOW);

    expect(replay).toMatchObject({ status: "rejected", reason: "sold_out", replayed: true });
  });

  it("counts tickets sold per country, confirmed orders only", () => {
    const store = open(120);
    store.placeOrder(purchase({ country: "fr", quantity: 100 }), NOW);
    store.placeOrder(purchase({ country: "de", quantity: 10 }), NOW);
    store.placeOrder(purchase({ country: "de", quantity: 100 }), NOW);

    const sold = store.soldByCountry();

    expect(sold).toEqual({ fr: 100, de: 10, gb: 0, es: 0 });
  });

  it("when the database exists, it keeps its stock and ignores the initial stock", () => {
    const path = join(dir, "tickets.sqlite");
    const first = open(1000, path);
    first.placeOrder(purchase({ quantity: 100 }), NOW);
    first.close();
    stores = [];

    const reopened = open(5, path);

    expect(reopened.stock()).toEqual({ total: 1000, remaining: 900 });
  });
});
