import type { Country, PurchaseQuantity, RejectionReason } from "@repo/contract";
import { isCanonicalTimestamp, isPurchaseQuantity, REJECTION_REASONS } from "@repo/contract";
import type { Order, OrderBook } from "./order-book.js";
import { addAnsweredOrder, answeredOrder, isFinal, ORDER_STATUSES } from "./order-book.js";
import type { KeyValueStorage } from "./outbox-storage.js";
import { pageLocalStorage } from "./outbox-storage.js";

/**
 * The orders a site has had its final answer for, kept so that a reload,
 * or a tab of the site opened later, still lists them: a buyer who reloaded
 * and found "no orders yet" where a confirmed purchase had been might think
 * it lost, and buy again. Display only: nothing here is ever sent, and the
 * outbox alone decides what is owed. One storage entry per order, as for the
 * outbox, so two tabs never erase each other's.
 */

/**
 * How many answered orders a site keeps of each kind, the buyer's own and
 * a rush's: the newest by answer. Counted apart, or one rush of 100 would
 * push every purchase made by hand off the list.
 */
export const ANSWERED_KEPT = 100;

/** How long an answered order is kept after its answer. */
export const ANSWERED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** A final answer: a confirmation, or any rejection but `processing_failed` (which waits for Try again, in the outbox). */
export interface AnsweredEntry {
  readonly orderId: string;
  readonly quantity: PurchaseQuantity;
  /** When the buyer clicked, ISO-8601. */
  readonly placedAt: string;
  readonly rush: boolean;
  readonly status: "confirmed" | "rejected";
  /** Why it was rejected; absent for a confirmation. */
  readonly reason?: Exclude<RejectionReason, typeof REJECTION_REASONS.processingFailed>;
  /** When this site heard the answer, ISO-8601 by the browser's clock: what the retention and the limit count from. */
  readonly answeredAt: string;
}

export interface AnsweredStorage {
  /**
   * The answered orders kept, oldest answer first, after forgetting those
   * beyond `ANSWERED_KEPT` or older than `ANSWERED_RETENTION_MS` at `now`
   * (epoch milliseconds).
   */
  load(now: number): AnsweredEntry[];
  /** Keeps an order's final answer; storage refusing it loses only the listing after a reload. */
  keep(entry: AnsweredEntry): void;
}

/** What every kept answer's key starts with: per site and broker, as the outbox's (`outboxKeyPrefix`). */
export function answeredKeyPrefix(country: Country, brokerUrl: string): string {
  return `tickets.answered:${country}:${brokerUrl}:`;
}

const FINAL_REASONS: ReadonlySet<unknown> = new Set(Object.values(REJECTION_REASONS).filter((reason) => reason !== REJECTION_REASONS.processingFailed));

/** Reads one kept answer. Storage is the user's to edit: anything malformed reads as nothing. */
export function parseAnsweredEntry(text: string | null): AnsweredEntry | undefined {
  let value: unknown;
  try {
    value = text === null ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { orderId, quantity, placedAt, rush, status, reason, answeredAt } = value as Record<string, unknown>;
  if (typeof orderId !== "string" || !isPurchaseQuantity(quantity) || !isCanonicalTimestamp(placedAt) || typeof rush !== "boolean") return undefined;
  if (!isCanonicalTimestamp(answeredAt)) return undefined;
  const common = { orderId, quantity, placedAt, rush, answeredAt };
  if (status === "confirmed" && reason === undefined) return { ...common, status };
  if (status === "rejected" && FINAL_REASONS.has(reason)) return { ...common, status, reason: reason as AnsweredEntry["reason"] };
  return undefined;
}

/** The entries to keep at `now`, oldest answer first: within the retention, the newest `ANSWERED_KEPT` of a rush's and as many of the buyer's own. */
function answeredToKeep(entries: readonly AnsweredEntry[], now: number): AnsweredEntry[] {
  const recent = entries.filter(({ answeredAt }) => now - Date.parse(answeredAt) <= ANSWERED_RETENTION_MS);
  recent.sort((a, b) => Date.parse(a.answeredAt) - Date.parse(b.answeredAt));
  const newestOf = (rush: boolean) => recent.filter((entry) => entry.rush === rush).slice(-ANSWERED_KEPT);
  const kept = new Set([...newestOf(false), ...newestOf(true)]);
  return recent.filter((entry) => kept.has(entry));
}

/** What is kept of an order with a final answer (`isFinal`), heard at `answeredAt` (epoch milliseconds); undefined for any other. */
export function answeredEntryOf(order: Order, answeredAt: number): AnsweredEntry | undefined {
  if (!isFinal(order)) return undefined;
  const { orderId, quantity, placedAt, rush } = order;
  const common = { orderId, quantity, placedAt, rush, answeredAt: new Date(answeredAt).toISOString() };
  if (order.status === ORDER_STATUSES.confirmed) return { ...common, status: "confirmed" };
  const { reason } = order;
  return reason === undefined || reason === REJECTION_REASONS.processingFailed ? undefined : { ...common, status: "rejected", reason };
}

/**
 * Lists kept answers in a book restored from the outbox on a page load,
 * skipping orders it already has: the outbox alone says what is owed, and
 * an owed order is resent, which at worst fetches the same answer again.
 * The book then lists everything by click, newest first, the orders owed
 * among the answered where they were placed.
 */
export function restoreAnswered(book: OrderBook, entries: readonly AnsweredEntry[]): OrderBook {
  const known = new Set(book.orders.map(({ orderId }) => orderId));
  let restored = book;
  for (const { orderId, quantity, placedAt, rush, status, reason } of entries) {
    if (known.has(orderId)) continue;
    known.add(orderId);
    restored = addAnsweredOrder(restored, { orderId, quantity, placedAt, rush }, { status, reason });
  }
  if (restored === book) return book;
  const byClick = (a: Order, b: Order): number => Date.parse(b.placedAt) - Date.parse(a.placedAt);
  return { orders: [...restored.orders].sort(byClick) };
}

/**
 * Lists, in an open tab's book, the buyer's own orders another tab of the
 * site had answered since, skipping those it already has: each goes under
 * every row clicked after it, and the rows already listed stay where they
 * are (an order adopted from a closed tab, listed first, does not move).
 * A rush's answers wait for the next load: a rush in another tab would
 * push this tab's rows down several times a second, under the buyer's
 * pointer.
 */
export function listAnsweredElsewhere(book: OrderBook, entries: readonly AnsweredEntry[]): OrderBook {
  const known = new Set(book.orders.map(({ orderId }) => orderId));
  let orders = book.orders;
  for (const { orderId, quantity, placedAt, rush, status, reason } of entries) {
    if (rush || known.has(orderId)) continue;
    known.add(orderId);
    const answered = answeredOrder({ orderId, quantity, placedAt, rush }, { status, reason });
    // Under every row clicked after it, so that no newer row is ever below it.
    const clickedAt = Date.parse(placedAt);
    const at = orders.findLastIndex((order) => Date.parse(order.placedAt) > clickedAt) + 1;
    orders = [...orders.slice(0, at), answered, ...orders.slice(at)];
  }
  return orders === book.orders ? book : { orders };
}

/**
 * Answered orders in Web Storage, one entry per order under `prefix`;
 * storage that refuses loses only the listing. Trimmed at each load, and
 * after every `ANSWERED_KEPT` answers a page keeps: a tab left open through
 * many rushes must not fill the storage the outbox needs for owed orders.
 */
export function webAnsweredStorage(storage: KeyValueStorage, prefix: string): AnsweredStorage {
  let keptSinceTrim = 0;
  const trim = (now: number): AnsweredEntry[] => {
    try {
      const keys: string[] = [];
      const readable: AnsweredEntry[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(prefix) !== true) continue;
        keys.push(key);
        const entry = parseAnsweredEntry(storage.getItem(key));
        if (entry !== undefined && key === `${prefix}${entry.orderId}`) readable.push(entry);
      }
      const kept = answeredToKeep(readable, now);
      // The outlived, those beyond the limit, and entries that do not read (or not under their own key) go.
      const keptKeys = new Set(kept.map(({ orderId }) => `${prefix}${orderId}`));
      for (const key of keys) if (!keptKeys.has(key)) storage.removeItem(key);
      return kept;
    } catch {
      return [];
    }
  };
  return {
    load: (now) => {
      keptSinceTrim = 0;
      return trim(now);
    },
    keep: (entry) => {
      try {
        storage.setItem(`${prefix}${entry.orderId}`, JSON.stringify(entry));
      } catch {
        // Only the listing after a reload is lost: the order itself was answered.
      }
      if (++keptSinceTrim < ANSWERED_KEPT) return;
      keptSinceTrim = 0;
      trim(Date.parse(entry.answeredAt));
    },
  };
}

/** Answered orders for the page's lifetime: outside a browser, and in tests. */
export function memoryAnsweredStorage(initial: readonly AnsweredEntry[] = []): AnsweredStorage {
  const entries = new Map(initial.map((entry) => [entry.orderId, entry]));
  return {
    load: (now) => {
      const kept = answeredToKeep([...entries.values()], now);
      entries.clear();
      for (const entry of kept) entries.set(entry.orderId, entry);
      return kept;
    },
    keep: (entry) => {
      entries.set(entry.orderId, entry);
    },
  };
}

/** The browser's localStorage for a site's answered orders; a page-lifetime one where it has none, or outside a browser. */
export function defaultAnsweredStorage(country: Country, brokerUrl: string): AnsweredStorage {
  const storage = pageLocalStorage();
  return storage ? webAnsweredStorage(storage, answeredKeyPrefix(country, brokerUrl)) : memoryAnsweredStorage();
}
