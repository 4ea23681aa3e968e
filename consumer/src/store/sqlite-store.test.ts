import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Purchase } from "@repo/contract";
import { COUNTRIES, perCountry } from "@repo/contract";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrderStore } from "./order-store.js";
import { DEFAULT_BUSY_TIMEOUT_MS, openSqliteStore } from "./sqlite-store.js";

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

  /** Closes the store and changes its file as an earlier version of the store would have left it. */
  function rewrite(store: OrderStore, path: string, sql: string): void {
    store.close();
    stores = stores.filter((open) => open !== store);
    const older = new Database(path);
    older.exec(sql);
    older.close();
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
    // Tickets come back on sale (returns, say) without the orders being forgotten, as a reset would.
    rewrite(store, path, "UPDATE stock SET total = 100, remaining = 100 WHERE id = 1");
    const restocked = open(5, path);

    const replay = restocked.placeOrder(first, NOW);

    expect(replay).toMatchObject({ status: "rejected", reason: "sold_out", replayed: true });
    expect(restocked.stock().remaining).toBe(100);
  });

  it("counts tickets sold per country, confirmed orders only", () => {
    const store = open(120);
    store.placeOrder(purchase({ country: "fr", quantity: 100 }), NOW);
    store.placeOrder(purchase({ country: "de", quantity: 10 }), NOW);
    store.placeOrder(purchase({ country: "de", quantity: 100 }), NOW);

    const sold = store.soldByCountry();

    expect(sold).toEqual({ fr: 100, de: 10, gb: 0, es: 0 });
  });

  it("syncs the WAL at every commit: its connection runs with synchronous = FULL, not the WAL default of NORMAL", () => {
    let connection: Database.Database | undefined;
    const store = openSqliteStore({
      path: join(dir, "tickets.sqlite"),
      initialStock: 1000,
      connect: (path) => (connection = new Database(path)),
    });
    stores.push(store);
    store.placeOrder(purchase(), NOW);

    // Read on the store's own connection, after it has written: from then on SQLite reports what it applies.
    const synchronous = connection?.pragma("synchronous", { simple: true });

    expect(synchronous).toBe(2);
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
  it("reads stock and sales in one snapshot whose sales add up to what left the stock", () => {
    const store = open(1000);
    store.placeOrder(purchase({ country: "gb", quantity: 100 }), NOW);
    store.placeOrder(purchase({ country: "es", quantity: 10 }), NOW);

    const snapshot = store.snapshot();

    expect(snapshot).toEqual({ total: 1000, remaining: 890, sold: { fr: 0, de: 0, gb: 100, es: 10 } });
  });

  it("when SQLite rolls back a group's whole transaction (a full disk), none of the group is stored, later purchases included", () => {
    // One page beyond the open file: a few orders fit, two hundred do not, and the write that overflows fails with
    // SQLITE_FULL, on which SQLite rolls back the whole transaction rather than the failed statement alone.
    const store = openSqliteStore({ path: join(dir, "full.sqlite"), initialStock: 10_000, extraPagesAllowed: 1 });
    stores.push(store);
    const group = Array.from({ length: 200 }, () => purchase());
    const failures: unknown[] = [];

    expect(() => {
      store.transaction(() => {
        for (const each of group) {
          try {
            store.placeOrder(each, NOW);
          } catch (error) {
            failures.push(error);
          }
        }
      });
    }).toThrow();

    expect(failures[0]).toMatchObject({ code: "SQLITE_FULL" });
    expect(group.filter(({ orderId }) => store.findOrder(orderId) !== undefined)).toEqual([]);
    expect(store.stock().remaining).toBe(10_000);
  });

  it("when reset, forgets every order and puts the new total on sale", () => {
    const store = open(100);
    const sold = purchase({ quantity: 100 });
    store.placeOrder(sold, NOW);

    store.reset(30);

    expect(store.snapshot()).toEqual({ total: 30, remaining: 30, sold: { fr: 0, de: 0, gb: 0, es: 0 } });
    expect(store.placeOrder(sold, NOW)).toMatchObject({ status: "rejected", reason: "sold_out", replayed: false });
  });

  it("when a database predates the sales counters, they are counted from its confirmed orders", () => {
    const path = join(dir, "tickets.sqlite");
    const first = open(1000, path);
    first.placeOrder(purchase({ country: "de", quantity: 100 }), NOW);
    first.placeOrder(purchase({ country: "de", quantity: 10 }), NOW);
    rewrite(first, path, "DROP TABLE sales");

    const reopened = open(1000, path);

    expect(reopened.soldByCountry()).toEqual({ fr: 0, de: 110, gb: 0, es: 0 });
  });

  it("when a database was made before one of the countries was sold, it is refused with what to do, not opened to refuse that country's orders", () => {
    const path = join(dir, "tickets.sqlite");
    // As the table was made when Spain was not sold: its CHECK leaves es out.
    rewrite(open(1000, path), path, "DROP TABLE sales; CREATE TABLE sales (country TEXT PRIMARY KEY CHECK (country IN ('fr', 'de', 'gb')), sold INTEGER NOT NULL) STRICT");

    expect(() => open(1000, path)).toThrow(/^The database .*tickets\.sqlite cannot record sales of es: .* sell on a new file \(DATABASE_PATH\)\.$/);
  });

  it("when a database from before the sales counters was made before one of the countries was sold, it is refused too: its orders table would refuse that country", () => {
    const path = join(dir, "tickets.sqlite");
    // Its orders table as it was made when Spain was not sold, and no sales table yet: opening makes one with every country.
    rewrite(open(1000, path), path, `
      DROP TABLE sales;
      ALTER TABLE orders RENAME TO orders_now;
      CREATE TABLE orders (order_id TEXT PRIMARY KEY, country TEXT NOT NULL CHECK (country IN ('fr', 'de', 'gb')), quantity INTEGER NOT NULL,
        status TEXT NOT NULL, reason TEXT, placed_at TEXT NOT NULL, processed_at TEXT NOT NULL, remaining INTEGER NOT NULL) STRICT;
      DROP TABLE orders_now;
    `);

    expect(() => open(1000, path)).toThrow(/^The database .*tickets\.sqlite cannot record sales of es: its tables were made before that country was sold/);
  });

  it("when the store is opened, its check of the countries leaves no row behind", () => {
    const store = open(1000);

    const reader = new Database(join(dir, "nested", "tickets.sqlite"), { readonly: true });
    const orders = reader.prepare("SELECT COUNT(*) AS n FROM orders").get();
    reader.close();

    expect(store.soldByCountry()).toEqual(perCountry(() => 0));
    expect(orders).toEqual({ n: 0 });
  });

  it("when a database that predates the sales counters holds a sold-out order, only the confirmed order counts as sold", () => {
    const path = join(dir, "tickets.sqlite");
    const first = open(100, path);
    first.placeOrder(purchase({ country: "gb", quantity: 100 }), NOW);
    const soldOut = first.placeOrder(purchase({ country: "gb", quantity: 10 }), NOW);
    rewrite(first, path, "DROP TABLE sales");

    const reopened = open(100, path);

    expect(soldOut).toMatchObject({ status: "rejected", reason: "sold_out" });
    expect(reopened.soldByCountry()).toEqual({ fr: 0, de: 0, gb: 100, es: 0 });
  });

  it("when a database has the index of earlier versions, it is dropped: no commit pays for an index nobody reads", () => {
    const path = join(dir, "tickets.sqlite");
    rewrite(open(1000, path), path, "CREATE INDEX orders_by_status_country ON orders (status, country)");

    open(1000, path).close();
    stores = [];

    const reopened = new Database(path, { readonly: true });
    const indexes = reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'").pluck().all();
    reopened.close();
    expect(indexes).toEqual([]);
  });

  it("when another connection holds the write lock, a transaction gives up after the store's busy timeout instead of better-sqlite3's 5 s", () => {
    const path = join(dir, "tickets.sqlite");
    let connection: Database.Database | undefined;
    const store = openSqliteStore({ path, initialStock: 1000, connect: (file) => (connection = new Database(file)) });
    stores.push(store);
    const other = new Database(path);
    other.prepare("BEGIN IMMEDIATE").run();

    const act = () => store.transaction(() => store.placeOrder(purchase(), NOW));

    try {
      // The wait is SQLite's, per connection: its setting is what bounds it, read back rather than timed.
      expect(connection?.pragma("busy_timeout", { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS);
      expect(act).toThrow(/locked/);
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
    expect(store.stock().remaining).toBe(1000);
  });

  describe("two consumers on one database file", () => {
    it("when both take the last ten tickets, one order is confirmed and the other is sold out", () => {
      const path = join(dir, "tickets.sqlite");
      const [a, b] = [open(10, path), open(10, path)];

      const first = a.placeOrder(purchase({ country: "fr" }), NOW);
      const second = b.placeOrder(purchase({ country: "de" }), NOW);

      expect([first.status, second.status]).toEqual(["confirmed", "rejected"]);
      expect(second).toMatchObject({ reason: "sold_out", remaining: 0 });
      expect(a.snapshot()).toEqual({ total: 10, remaining: 0, sold: { fr: 10, de: 0, gb: 0, es: 0 } });
    });

    it("when both get the same orderId, it is sold once and both answer the same", () => {
      const path = join(dir, "tickets.sqlite");
      const [a, b] = [open(1000, path), open(1000, path)];
      const order = purchase({ quantity: 100 });

      const first = a.placeOrder(order, NOW);
      const second = b.placeOrder(order, new Date("2025-11-25T12:00:01.000Z"));

      expect(second).toEqual({ ...first, replayed: true });
      expect(b.stock().remaining).toBe(900);
    });

    it("when four countries' orders alternate between them until the stock runs out, nothing is oversold", () => {
      const path = join(dir, "tickets.sqlite");
      const [a, b] = [open(1234, path), open(1234, path)];
      const confirmed: number[] = [];

      for (let i = 0; i < 200; i++) {
        const store = i % 2 === 0 ? a : b;
        const order = purchase({ country: COUNTRIES[i % 4], quantity: i % 3 === 0 ? 100 : 10 });
        const outcome = store.placeOrder(order, NOW);
        if (i % 7 === 0) store.placeOrder(order, NOW);
        if (outcome.status === "confirmed") confirmed.push(outcome.quantity);
      }

      const { total, remaining, sold } = a.snapshot();
      const soldInAll = Object.values(sold).reduce((sum, tickets) => sum + tickets, 0);
      expect(remaining).toBeLessThan(10);
      expect(soldInAll).toBe(total - remaining);
      expect(confirmed.reduce((sum, tickets) => sum + tickets, 0)).toBe(soldInAll);
    });
  });
});
