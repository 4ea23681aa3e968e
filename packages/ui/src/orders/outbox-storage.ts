import type { Country } from "@repo/contract";
import type { OutboxEntry } from "./outbox-entry.js";
import { parseOutboxEntry, parseOutboxList, serializeOutboxEntry, serializeOutboxList } from "./outbox-entry.js";

/**
 * Where a site keeps its outbox between page loads. Each order is its own
 * storage entry, written when it is placed and removed when its final
 * outcome is known (an expired order, and one answered
 * `processing_failed`, stay parked for a while), so two tabs of the same site never erase each other's orders:
 * browsers do not lock Web Storage between tabs, and a tab that rewrote a
 * shared list from its own (possibly stale) copy could drop an order
 * another tab had just placed.
 */
export interface OutboxStorage {
  /** Set when it is known from the start that nothing is kept past the page (the browser gives it no storage). */
  readonly keepsNothing?: true;
  /** Every order kept for this site, oldest first, including other tabs' (resending those is harmless). */
  load(): OutboxEntry[];
  /**
   * Keeps these orders until they are forgotten. False when storage refused
   * any of them: then its silence about them says nothing (`adoptStored`).
   */
  keep(entries: readonly OutboxEntry[]): boolean;
  /**
   * Rewrites those of these orders that are still kept, and only those: an
   * order another tab has forgotten since (its answer came there) must not
   * come back, to be sent and announced again on the next page load, just
   * because this tab noted something about it.
   */
  rewrite(entries: readonly OutboxEntry[]): void;
  /** Forgets orders whose outcome is known. */
  forget(orderIds: readonly string[]): void;
}

/** The part of the Web Storage API the outbox uses. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

/**
 * What every stored order's key starts with: one outbox per site and broker.
 * An order belongs to the broker (and the consumer's store) it was first
 * sent to, so a site pointed at another broker with `?broker=` must not
 * resend it there.
 */
export function outboxKeyPrefix(country: Country, brokerUrl: string): string {
  return `tickets.outbox:${country}:${brokerUrl}:`;
}

/** The key one kept order is stored under, in the outbox whose keys start with `prefix`. */
export function outboxEntryKey(prefix: string, orderId: string): string {
  return `${prefix}${orderId}`;
}

/** Kept orders in the order `restoreOutbox` wants them, oldest first: by click time, then orderId. */
export function oldestFirst(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const key = ({ purchase }: OutboxEntry): string => `${purchase.placedAt} ${purchase.orderId}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * An outbox in Web Storage, one entry per order under `prefix`. Storage can
 * refuse (quota, privacy settings, a sandboxed frame); then the orders
 * still live in the page and are resent after a reconnect, only a reload
 * forgets them, so failures are swallowed rather than breaking the purchase.
 */
export function webOutboxStorage(storage: KeyValueStorage, prefix: string, country: Country): OutboxStorage {
  const keyOf = (orderId: string): string => outboxEntryKey(prefix, orderId);
  /** Whether the work went through. */
  const attempt = (work: () => void): boolean => {
    try {
      work();
      return true;
    } catch {
      // See above: the page still has the orders.
      return false;
    }
  };
  const write = (entry: OutboxEntry): void => {
    storage.setItem(keyOf(entry.purchase.orderId), serializeOutboxEntry(entry));
  };

  /**
   * Sites once kept the whole outbox as one list, under the prefix's stem.
   * What reads it (down to `dropFromStoredList`) is a migration from that
   * earlier version of this project, not part of the pattern.
   */
  const listKey = prefix.slice(0, -1);

  /** Leaves in the old list only the orders `stays` picks, and removes it once none is left; returns those. */
  function shrinkStoredList(stays: (entry: OutboxEntry) => boolean): OutboxEntry[] {
    const list = storage.getItem(listKey);
    if (list === null) return [];
    const listed = parseOutboxList(list, country);
    const staying = listed.filter(stays);
    if (staying.length === 0) storage.removeItem(listKey);
    else if (staying.length < listed.length) attempt(() => { storage.setItem(listKey, serializeOutboxList(staying)); });
    return staying;
  }

  /**
   * Moves the old list's orders to their own entries. When the browser
   * refuses some, the list keeps only those, so that an order moved,
   * answered and forgotten meanwhile does not come back from it on a later
   * load. Those it refused are returned: the page still owes them.
   */
  function moveStoredList(): OutboxEntry[] {
    return shrinkStoredList((entry) => !attempt(() => { write(entry); }));
  }

  /** An order that could not move out of the old list is forgotten there, or it would come back on the next load. */
  function dropFromStoredList(orderIds: readonly string[]): void {
    const forgotten = new Set(orderIds);
    shrinkStoredList(({ purchase }) => !forgotten.has(purchase.orderId));
  }

  function read(): OutboxEntry[] {
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix) !== true) continue;
      const entry = parseOutboxEntry(storage.getItem(key), country);
      if (entry !== undefined && keyOf(entry.purchase.orderId) === key) entries.push(entry);
    }
    return oldestFirst(entries);
  }

  return {
    load: () => {
      let unmoved: OutboxEntry[] = [];
      attempt(() => { unmoved = moveStoredList(); });
      let stored: OutboxEntry[] = [];
      attempt(() => { stored = read(); });
      const storedIds = new Set(stored.map(({ purchase }) => purchase.orderId));
      return oldestFirst([...stored, ...unmoved.filter(({ purchase }) => !storedIds.has(purchase.orderId))]);
    },
    keep: (entries) => {
      let all = true;
      for (const entry of entries) all = attempt(() => { write(entry); }) && all;
      return all;
    },
    rewrite: (entries) => {
      for (const entry of entries) {
        attempt(() => {
          if (storage.getItem(keyOf(entry.purchase.orderId)) !== null) write(entry);
        });
      }
    },
    forget: (orderIds) => {
      for (const orderId of orderIds) attempt(() => { storage.removeItem(keyOf(orderId)); });
      attempt(() => { dropFromStoredList(orderIds); });
    },
  };
}

/** An outbox that lives as long as the page: where there is no Web Storage to keep it in (Node), and in tests. */
export function memoryOutboxStorage(initial: readonly OutboxEntry[] = []): OutboxStorage {
  const entries = new Map(initial.map((entry) => [entry.purchase.orderId, entry]));
  return {
    load: () => oldestFirst([...entries.values()]),
    keep: (kept) => {
      for (const entry of kept) entries.set(entry.purchase.orderId, entry);
      return true;
    },
    rewrite: (kept) => {
      for (const entry of kept) if (entries.has(entry.purchase.orderId)) entries.set(entry.purchase.orderId, entry);
    },
    forget: (orderIds) => {
      for (const orderId of orderIds) entries.delete(orderId);
    },
  };
}

/**
 * The outbox of a page the browser gives no Web Storage (the user blocked
 * site data): it lives as long as the page, and says that it keeps
 * nothing, so the page warns from the start that a reload would lose the
 * unanswered orders.
 */
function pageOnlyOutboxStorage(): OutboxStorage {
  const memory = memoryOutboxStorage();
  return {
    ...memory,
    keepsNothing: true,
    keep: (entries) => {
      memory.keep(entries);
      return false;
    },
  };
}

/**
 * The page's localStorage; null where the browser refuses it, undefined
 * outside a browser. Chromium throws on reading the property itself where
 * the user blocked site data; Firefox with storage disabled gives null.
 */
export function pageLocalStorage(): KeyValueStorage | null | undefined {
  if (typeof window === "undefined") return undefined;
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The browser's localStorage outbox for a site; a page-lifetime one where the browser refuses localStorage, or outside a browser. */
export function defaultOutboxStorage(country: Country, brokerUrl: string): OutboxStorage {
  const storage = pageLocalStorage();
  // Outside a browser (the load generator, the chaos test) no reload can lose an order, and nobody is there to warn.
  if (storage === undefined) return memoryOutboxStorage();
  return storage ? webOutboxStorage(storage, outboxKeyPrefix(country, brokerUrl), country) : pageOnlyOutboxStorage();
}
