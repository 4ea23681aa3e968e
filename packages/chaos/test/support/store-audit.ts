import type { Country, OrderOutcome } from "@repo/contract";
import Database from "better-sqlite3";

/** One decided order, as the consumer's store holds it. */
export interface StoredOrder {
  country: Country;
  quantity: number;
  status: OrderOutcome;
}

/** What the consumer's SQLite file says, read after the run. */
export interface StoreAudit {
  /** Every row of the orders table, by orderId (its primary key). */
  orders: Map<string, StoredOrder>;
  /** Tickets in confirmed orders. */
  confirmedTickets: number;
  total: number;
  remaining: number;
  /** The store's own sold counters, per country, summed. */
  soldCounters: number;
}

/**
 * Reads the store read-only, from outside the consumer, the way an auditor
 * would: the rows themselves, not the consumer's view of them.
 */
export function auditStore(path: string): StoreAudit {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { order_id: string } & StoredOrder>("SELECT order_id, country, quantity, status FROM orders").all();
    const { total, remaining } = db.prepare<[], { total: number; remaining: number }>("SELECT total, remaining FROM stock").get() ?? {
      total: 0,
      remaining: 0,
    };
    const { sold } = db.prepare<[], { sold: number | null }>("SELECT SUM(sold) AS sold FROM sales").get() ?? { sold: null };
    const orders = new Map(rows.map(({ order_id, country, quantity, status }) => [order_id, { country, quantity, status }]));
    const confirmedTickets = rows.filter((row) => row.status === "confirmed").reduce((sum, row) => sum + row.quantity, 0);
    return {
      orders,
      confirmedTickets,
      total,
      remaining,
      soldCounters: sold ?? 0,
    };
  } finally {
    db.close();
  }
}
