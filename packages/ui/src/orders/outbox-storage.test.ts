import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "./outbox.js";
import type { KeyValueStorage } from "./outbox-storage.js";
import { memoryOutboxStorage, outboxStorageKey, webOutboxStorage } from "./outbox-storage.js";

function entry(n: number): OutboxEntry {
  const orderId = `9f1c2b0e-1111-4a4a-8b8b-${String(n).padStart(12, "0")}`;
  return { purchase: { orderId, country: "fr", quantity: 10, placedAt: "2026-07-14T19:00:00.000Z" }, rush: false };
}

/** Web Storage as a map, the way two tabs of one origin share it. */
class MapStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Storage the browser refuses: blocked site data or a full quota. */
const refusing: KeyValueStorage = {
  getItem: () => {
    throw new DOMException("blocked", "SecurityError");
  },
  setItem: () => {
    throw new DOMException("full", "QuotaExceededError");
  },
  removeItem: () => {
    throw new DOMException("blocked", "SecurityError");
  },
};

const KEY = outboxStorageKey("fr", "ws://127.0.0.1:15674/ws");

describe("outbox storage", () => {
  it("each site and broker has its own key", () => {
    expect(new Set([KEY, outboxStorageKey("de", "ws://127.0.0.1:15674/ws"), outboxStorageKey("fr", "ws://127.0.0.1:40000/ws")]).size).toBe(3);
  });

  it("kept orders survive a new page on the same storage until they are forgotten", () => {
    const storage = new MapStorage();
    webOutboxStorage(storage, KEY, "fr").keep([entry(1), entry(2)]);

    const reloaded = webOutboxStorage(storage, KEY, "fr");
    expect(reloaded.load()).toEqual([entry(1), entry(2)]);
    reloaded.forget([entry(1).purchase.orderId]);

    expect(webOutboxStorage(storage, KEY, "fr").load()).toEqual([entry(2)]);
  });

  it("two tabs of the same site keep each other's orders", () => {
    const storage = new MapStorage();
    const tabA = webOutboxStorage(storage, KEY, "fr");
    const tabB = webOutboxStorage(storage, KEY, "fr");

    tabA.keep([entry(1)]);
    tabB.keep([entry(2)]);
    tabB.forget([entry(3).purchase.orderId]);

    expect(tabA.load()).toEqual([entry(1), entry(2)]);
  });

  it("an empty outbox leaves nothing behind in storage", () => {
    const storage = new MapStorage();
    const outbox = webOutboxStorage(storage, KEY, "fr");

    outbox.keep([entry(1)]);
    outbox.forget([entry(1).purchase.orderId]);

    expect(storage.items.size).toBe(0);
  });

  it("when the browser refuses storage, buying still works: nothing is thrown and nothing is kept", () => {
    const outbox = webOutboxStorage(refusing, KEY, "fr");

    expect(() => {
      outbox.keep([entry(1)]);
      outbox.forget([entry(1).purchase.orderId]);
    }).not.toThrow();
    expect(outbox.load()).toEqual([]);
  });

  it("a memory outbox keeps and forgets the same way", () => {
    const outbox = memoryOutboxStorage([entry(1)]);

    outbox.keep([entry(2)]);
    outbox.forget([entry(1).purchase.orderId]);

    expect(outbox.load()).toEqual([entry(2)]);
  });
});
