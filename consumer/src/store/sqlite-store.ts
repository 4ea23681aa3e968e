import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Country, OrderOutcome, Purchase } from "@repo/contract";
import { COUNTRIES, ORDER_OUTCOMES, perCountry, REJECTION_REASONS } from "@repo/contract";
import Database from "better-sqlite3";
import { logger } from "../logger.js";
import type { OrderRecord, OrderStore, Stock, StockSnapshot } from "./order-store.js";

const log = logger.child({ module: "store" });

// CHECK constraints keep the rows inside the types the store reads them back as.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS stock (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  total     INTEGER NOT NULL CHECK (total >= 0),
  remaining INTEGER NOT NULL CHECK (remaining BETWEEN 0 AND total)
) STRICT;

CREATE TABLE IF NOT EXISTS orders (
  order_id     TEXT PRIMARY KEY,
  country      TEXT NOT NULL CHECK (country IN (${COUNTRIES.map((c) => `'${c}'`).join(", ")})),
  quantity     INTEGER NOT NULL CHECK (quantity > 0),
  status       TEXT NOT NULL CHECK (status IN ('${ORDER_OUTCOMES.confirmed}', '${ORDER_OUTCOMES.rejected}')),
  reason       TEXT CHECK (reason IS NULL OR reason = '${REJECTION_REASONS.soldOut}'),
  placed_at    TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  remaining    INTEGER NOT NULL CHECK (remaining >= 0)
) STRICT;

-- Migration from an earlier version of this project, not part of the pattern. Only the sales table's first
-- count reads orders by status (once per database; the table answers after that), and every index is one more
-- page written and synced per commit: a database from before the sales table loses it.
DROP INDEX IF EXISTS orders_by_status_country;

-- Sold counters kept in the order's transaction, so reading the sales is four rows, not a scan of every order.
CREATE TABLE IF NOT EXISTS sales (
  country TEXT PRIMARY KEY CHECK (country IN (${COUNTRIES.map((c) => `'${c}'`).join(", ")})),
  sold    INTEGER NOT NULL CHECK (sold >= 0)
) STRICT;
`;

interface OrderRow {
  order_id: string;
  country: Country;
  quantity: number;
  status: OrderOutcome;
  reason: typeof REJECTION_REASONS.soldOut | null;
  placed_at: string;
  processed_at: string;
  remaining: number;
}

/**
 * A failure of the store itself rather than of SQLite: the stock row is
 * gone, or the group it was part of is; or, at open, the database's tables
 * refuse a country (made before it was sold).
 */
class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly code: "ERR_STORE_NO_STOCK" | "ERR_STORE_GROUP_ROLLED_BACK" | "ERR_STORE_COUNTRY_REFUSED",
    message: string,
  ) {
    super(message);
  }
}

/**
 * How long a write waits for a lock another connection holds (an operator's
 * sqlite3 shell, a backup, `stock:reset`), once the store is open. SQLite
 * waits synchronously, on the thread that runs every queue, /healthz, the
 * heartbeats and the stock broadcasts, so the wait is kept short: a brief
 * hold is waited out, a longer one fails the attempt with SQLITE_BUSY and the
 * purchase takes the retry backoff, which waits without blocking (200 ms
 * doubling to 2 s, about 5 s over the deliveries the queue allows).
 * better-sqlite3's default, 5 s, froze the whole process for that long on
 * every attempt.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 100;

export interface SqliteStoreOptions {
  /** The database file; its folder is created if missing. */
  path: string;
  /** Tickets for sale in a new database; an existing one keeps its own count. */
  initialStock: number;
  /**
   * How long a write waits for another connection's lock once the store is
   * open; DEFAULT_BUSY_TIMEOUT_MS by default. Opening waits up to
   * better-sqlite3's 5 s, before anything else runs. A command that protects
   * no event loop (`stock:reset`) may wait longer.
   */
  busyTimeoutMs?: number;
  /**
   * Caps the file at this many pages beyond what it holds once open, so a
   * write past it fails as on a full disk (SQLITE_FULL). Only tests set it.
   */
  extraPagesAllowed?: number;
  /**
   * Opens the connection the store then owns and closes; by default
   * better-sqlite3 on `path`. Only tests pass one, to keep a handle on the
   * connection and read its settings back, which are per connection.
   */
  connect?: (path: string) => Database.Database;
}

/** Thrown to roll back refuseMissingCountries' probe, which must leave nothing behind. */
const PROBE_DONE = new Error("the country probe is rolled back on purpose");

/**
 * CREATE TABLE IF NOT EXISTS keeps an existing table as it is, CHECK
 * constraints included: a database made before a country was added would
 * refuse every order of that country, each retried until the queue
 * dead-letters it. Such a database is refused when opened instead. The
 * constraints are tried rather than read: a row of each country goes into
 * both tables, in a transaction rolled back.
 */
function refuseMissingCountries(db: Database.Database, path: string): void {
  const probeOrder = db.prepare<[Country]>(
    `INSERT INTO orders (order_id, country, quantity, status, reason, placed_at, processed_at, remaining)
     VALUES ('', ?, 1, '${ORDER_OUTCOMES.confirmed}', NULL, '', '', 0)`,
  );
  // INSERT OR IGNORE, on opening, skipped the sales row of a country the table refuses: its counter is missing.
  const probeSales = db.prepare<[Country], { country: string }>("SELECT country FROM sales WHERE country = ?");
  const refused = COUNTRIES.filter((country) => {
    try {
      db.transaction(() => {
        probeOrder.run(country);
        throw PROBE_DONE;
      })();
    } catch (error) {
      if (error !== PROBE_DONE) {
        if ((error as { code?: unknown }).code !== "SQLITE_CONSTRAINT_CHECK") throw error;
        return true;
      }
    }
    return probeSales.get(country) === undefined;
  });
  if (refused.length === 0) return;
  db.close();
  throw new StoreError(
    "ERR_STORE_COUNTRY_REFUSED",
    `The database ${path} cannot record sales of ${refused.join(", ")}: its tables were made before ${refused.length === 1 ? "that country was" : "those countries were"} sold, ` +
      "and SQLite keeps a table's CHECK constraints. Copy its rows into tables made afresh, or sell on a new file (DATABASE_PATH).",
  );
}

/** Opens (or creates) the SQLite order store in WAL mode. */
export function openSqliteStore(options: SqliteStoreOptions): OrderStore {
  mkdirSync(dirname(options.path), { recursive: true });
  const db = options.connect?.(options.path) ?? new Database(options.path);
  db.pragma("journal_mode = WAL");
  // An acknowledged purchase is gone from its queue, so its order must survive a power cut: sync the WAL
  // at every commit. better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, which in WAL mode
  // silently syncs only at checkpoints (measured: 8 fsyncs for 100 commits); `PRAGMA synchronous` may
  // read back 2 until the connection has read the file in WAL mode, and reads 1 from then on. Only
  // setting it explicitly makes every commit sync.
  db.pragma("synchronous = FULL");
  db.exec(SCHEMA);
  db.transaction(() => {
    db.prepare("INSERT OR IGNORE INTO stock (id, total, remaining) VALUES (1, ?, ?)").run(
      options.initialStock,
      options.initialStock,
    );
    // Migration from an earlier version of this project, not part of the pattern: a database from before the
    // sales table gets its counters from its orders, once (the count scans every order, which no later open
    // should pay for). OR IGNORE: a sales table that refuses a country (made before it
    // was sold) is refused below, with what to do.
    const countSales = db.prepare<[Country, Country]>(
      `INSERT OR IGNORE INTO sales (country, sold)
       SELECT ?, COALESCE(SUM(quantity), 0) FROM orders WHERE status = '${ORDER_OUTCOMES.confirmed}' AND country = ?`,
    );
    const counted = new Set(db.prepare<[], { country: Country }>("SELECT country FROM sales").all().map(({ country }) => country));
    for (const country of COUNTRIES) if (!counted.has(country)) countSales.run(country, country);
  }).immediate();
  refuseMissingCountries(db, options.path);

  const selectStock = db.prepare<[], Stock>("SELECT total, remaining FROM stock WHERE id = 1");
  const selectOrder = db.prepare<[string], OrderRow>("SELECT * FROM orders WHERE order_id = ?");
  const takeStock = db.prepare<[number, number], { remaining: number }>(
    "UPDATE stock SET remaining = remaining - ? WHERE id = 1 AND remaining >= ? RETURNING remaining",
  );
  const insertOrder = db.prepare<[OrderRow]>(
    `INSERT INTO orders (order_id, country, quantity, status, reason, placed_at, processed_at, remaining)
     VALUES (@order_id, @country, @quantity, @status, @reason, @placed_at, @processed_at, @remaining)`,
  );
  const addSale = db.prepare<[number, Country]>("UPDATE sales SET sold = sold + ? WHERE country = ?");
  const selectSold = db.prepare<[], { country: Country; sold: number }>("SELECT country, sold FROM sales");

  function currentStock(): Stock {
    const stock = selectStock.get();
    if (stock === undefined) throw new StoreError("ERR_STORE_NO_STOCK", `no stock row in ${options.path}`);
    return stock;
  }

  const decide = db.transaction((purchase: Purchase, processedAt: string): OrderRecord => {
    const existing = selectOrder.get(purchase.orderId);
    if (existing !== undefined) return toRecord(existing, true);
    const taken = takeStock.get(purchase.quantity, purchase.quantity);
    const row: OrderRow = {
      order_id: purchase.orderId,
      country: purchase.country,
      quantity: purchase.quantity,
      status: taken === undefined ? ORDER_OUTCOMES.rejected : ORDER_OUTCOMES.confirmed,
      reason: taken === undefined ? REJECTION_REASONS.soldOut : null,
      placed_at: purchase.placedAt,
      processed_at: processedAt,
      remaining: taken?.remaining ?? currentStock().remaining,
    };
    insertOrder.run(row);
    if (taken !== undefined) addSale.run(purchase.quantity, purchase.country);
    return toRecord(row, false);
  });

  function soldByCountry(): Record<Country, number> {
    const sold = perCountry(() => 0);
    for (const { country, sold: tickets } of selectSold.all()) sold[country] = tickets;
    return sold;
  }

  // Nested inside it, each decide() becomes a savepoint, so only the outer COMMIT syncs to disk.
  const group = db.transaction((work: () => unknown) => work());

  // One read transaction: in WAL mode both reads see the same commit.
  const snapshot = db.transaction((): StockSnapshot => ({ ...currentStock(), sold: soldByCountry() }));

  const reset = db.transaction((total: number) => {
    db.prepare("DELETE FROM orders").run();
    db.prepare("UPDATE sales SET sold = 0").run();
    db.prepare("UPDATE stock SET total = ?, remaining = ? WHERE id = 1").run(total, total);
  });

  const stock = currentStock();
  log.info({ path: options.path, ...stock }, "order store open");
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
  if (options.extraPagesAllowed !== undefined) {
    db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number + options.extraPagesAllowed}`);
  }

  /**
   * A group is open. On SQLITE_FULL, IOERR or NOMEM SQLite may roll back the
   * whole transaction, not just the failed statement; better-sqlite3 then
   * runs the next placeOrder as a transaction of its own, which would commit
   * one purchase of a group that is about to fail as a whole. The flag lets
   * placeOrder refuse instead.
   */
  let grouping = false;

  return {
    placeOrder: (purchase, now) => {
      if (grouping && !db.inTransaction) {
        throw new StoreError("ERR_STORE_GROUP_ROLLED_BACK", "SQLite rolled back the group's transaction; the group fails as a whole");
      }
      // Inside a group this is a savepoint. Alone, IMMEDIATE takes the write lock up front, so a second process on
      // the same file waits (up to the busy timeout) instead of failing mid-transaction.
      return decide.immediate(purchase, now.toISOString());
    },
    findOrder: (orderId) => {
      // Outside any transaction: in WAL mode a read takes no lock a writer holds.
      const row = selectOrder.get(orderId);
      return row === undefined ? undefined : toRecord(row, true);
    },
    transaction: <T>(work: () => T) => {
      grouping = true;
      try {
        return group.immediate(work) as T;
      } finally {
        grouping = false;
      }
    },
    stock: currentStock,
    soldByCountry,
    snapshot: () => snapshot(),
    reset: (total) => {
      reset.immediate(total);
    },
    close() {
      db.close();
    },
  };
}

function toRecord(row: OrderRow, replayed: boolean): OrderRecord {
  return {
    orderId: row.order_id,
    country: row.country,
    quantity: row.quantity,
    status: row.status,
    reason: row.reason ?? undefined,
    placedAt: row.placed_at,
    processedAt: row.processed_at,
    remaining: row.remaining,
    replayed,
  };
}
