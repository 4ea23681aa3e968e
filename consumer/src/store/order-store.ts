import type { Country, OrderOutcome, Purchase, REJECTION_REASONS } from "@repo/contract";

/** How an order was decided, as stored. */
export interface OrderRecord {
  orderId: string;
  country: Country;
  quantity: number;
  status: OrderOutcome;
  /** Set on a rejection; the store itself only ever rejects for lack of stock. */
  reason: typeof REJECTION_REASONS.soldOut | undefined;
  /** When the buyer clicked, as the site sent it. */
  placedAt: string;
  /** When the store decided, ISO-8601. */
  processedAt: string;
  /** Tickets left right after the decision. */
  remaining: number;
  /** The order had been decided before: this call sold nothing and returned the first answer. */
  replayed: boolean;
}

export interface Stock {
  total: number;
  remaining: number;
}

/** The stock and what each country sold, read at one instant. */
export interface StockSnapshot extends Stock {
  /** Tickets sold so far, per country; they add up to total − remaining. */
  sold: Record<Country, number>;
}

/**
 * Where sales are recorded. SQLite today; the interface is small so a
 * server database could take its place.
 */
export interface OrderStore {
  /**
   * Decides one order atomically: a known orderId returns its stored
   * outcome and sells nothing more; otherwise the stock either covers the
   * whole quantity, which is sold, or the order is rejected as sold out.
   */
  placeOrder(purchase: Purchase, now: Date): OrderRecord;
  /**
   * The stored outcome of `orderId` (marked `replayed`), if it was decided,
   * from a plain read that needs no write lock: it still answers while
   * another connection holds the lock that makes `placeOrder` fail.
   */
  findOrder(orderId: string): OrderRecord | undefined;
  /**
   * Runs `work` in one transaction: the orders it places reach the disk
   * together, with one sync, or not at all. Each placeOrder inside stays
   * atomic on its own: one that throws is undone alone (unless SQLite
   * itself rolled back the whole transaction, on a full disk say; then
   * every later placeOrder of the group throws too, none of it is stored,
   * and each of its purchases is decided again on redelivery).
   */
  transaction<T>(work: () => T): T;
  stock(): Stock;
  /** Tickets sold so far, per country. */
  soldByCountry(): Record<Country, number>;
  /** Stock and sales from one consistent read; cheap enough to call after every sale. */
  snapshot(): StockSnapshot;
  /** Starts a new sale: forgets every order and puts `total` tickets on sale. */
  reset(total: number): void;
  close(): void;
}
