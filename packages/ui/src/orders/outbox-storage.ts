import type { Country } from "@repo/contract";
import type { OutboxEntry } from "./outbox.js";
import { parseOutbox, serializeOutbox, updateOutbox } from "./outbox.js";

/**
 * Where a site keeps its outbox between page loads. Every call reads and
 * writes the whole stored list, so two tabs of the same site never erase
 * each other's orders.
 */
export interface OutboxStorage {
  /** Every order kept for this site, oldest first, including other tabs' (resending those is harmless). */
  load(): OutboxEntry[];
  /** Keeps these orders until they are forgotten. */
  keep(entries: readonly OutboxEntry[]): void;
  /** Forgets orders whose outcome is known. */
  forget(orderIds: readonly string[]): void;
}

/** The part of the Web Storage API the outbox uses. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * One outbox per site and broker: an order belongs to the broker (and the
 * consumer's store) it was first sent to, so a site pointed at another
 * broker with `?broker=` must not resend it there.
 */
export function outboxStorageKey(country: Country, brokerUrl: string): string {
  return `tickets.outbox:${country}:${brokerUrl}`;
}

/**
 * An outbox in Web Storage under `key`. Storage can refuse (quota, privacy
 * settings, a sandboxed frame); then the orders still live in the page and
 * are resent after a reconnect, only a reload forgets them, so failures are
 * swallowed rather than breaking the purchase.
 */
export function webOutboxStorage(storage: KeyValueStorage, key: string, country: Country): OutboxStorage {
  const read = (): OutboxEntry[] => {
    try {
      return parseOutbox(storage.getItem(key), country);
    } catch {
      return [];
    }
  };
  const write = (entries: readonly OutboxEntry[]): void => {
    try {
      if (entries.length === 0) storage.removeItem(key);
      else storage.setItem(key, serializeOutbox(entries));
    } catch {
      // See above: the page still has the orders.
    }
  };
  return {
    load: read,
    keep: (entries) => {
      write(updateOutbox(read(), entries, []));
    },
    forget: (orderIds) => {
      write(updateOutbox(read(), [], orderIds));
    },
  };
}

/** An outbox that lives as long as the page: where there is no Web Storage (Node, storage disabled), and in tests. */
export function memoryOutboxStorage(initial: readonly OutboxEntry[] = []): OutboxStorage {
  let entries = [...initial];
  return {
    load: () => [...entries],
    keep: (kept) => {
      entries = updateOutbox(entries, kept, []);
    },
    forget: (orderIds) => {
      entries = updateOutbox(entries, [], orderIds);
    },
  };
}

/** The browser's localStorage outbox for a site, or a page-lifetime one where localStorage is unavailable. */
export function defaultOutboxStorage(country: Country, brokerUrl: string): OutboxStorage {
  let storage: KeyValueStorage | undefined;
  try {
    // Reading the property itself throws where the user blocked site data.
    storage = typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    storage = undefined;
  }
  return storage ? webOutboxStorage(storage, outboxStorageKey(country, brokerUrl), country) : memoryOutboxStorage();
}
