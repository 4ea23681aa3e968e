import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutboxEntry } from "./outbox-entry.js";
import { parseOutboxList } from "./outbox-entry.js";
import type { KeyValueStorage } from "./outbox-storage.js";
import { MapStorage, STORAGE_REFUSALS, stubPageStorage } from "./map-storage.test-support.js";
import { defaultOutboxStorage, memoryOutboxStorage, oldestFirst, outboxEntryKey, outboxKeyPrefix, webOutboxStorage } from "./outbox-storage.js";

function entry(n: number, placedAt = "2026-07-14T19:00:00.000Z", published = false): OutboxEntry {
  const orderId = `9f1c2b0e-1111-4a4a-8b8b-${String(n).padStart(12, "0")}`;
  return { purchase: { orderId, country: "fr", quantity: 10, placedAt }, rush: false, published };
}

const orderIdOf = (kept: OutboxEntry): string => kept.purchase.orderId;

/**
 * One tab's view, the way Chromium gives each tab's process its own copy:
 * its writes reach the shared storage key by key at once, but it reads from
 * the copy it took when it opened, which other tabs' writes have not reached.
 */
class StaleTab extends MapStorage {
  constructor(private readonly shared: MapStorage) {
    super();
    for (const [key, value] of shared.items) this.items.set(key, value);
  }
  override setItem(key: string, value: string): void {
    super.setItem(key, value);
    this.shared.setItem(key, value);
  }
  override removeItem(key: string): void {
    super.removeItem(key);
    this.shared.removeItem(key);
  }
}

/** Storage that refuses to write under the keys of `refused`, as a full quota refuses a write that would grow it; everything else goes through. */
class RefusingWrites extends MapStorage {
  constructor(private readonly refused: (key: string) => boolean) {
    super();
  }
  override setItem(key: string, value: string): void {
    if (this.refused(key)) throw new DOMException("full", "QuotaExceededError");
    super.setItem(key, value);
  }
}

/** Storage the browser refuses: blocked site data or a full quota. */
const refusing: KeyValueStorage = {
  get length(): number {
    throw new DOMException("blocked", "SecurityError");
  },
  key: () => {
    throw new DOMException("blocked", "SecurityError");
  },
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

const PREFIX = outboxKeyPrefix("fr", "ws://127.0.0.1:15674/ws");

describe("outbox storage", () => {
  it("each site and broker has its own keys", () => {
    const prefixes = [PREFIX, outboxKeyPrefix("de", "ws://127.0.0.1:15674/ws"), outboxKeyPrefix("fr", "ws://127.0.0.1:40000/ws")];

    expect(new Set(prefixes).size).toBe(3);
  });

  it("each order is kept under a key of its own that names the site, the broker and the order, the same as buyers' storage already holds", () => {
    const storage = new MapStorage();

    webOutboxStorage(storage, PREFIX, "fr").keep([entry(1)]);

    const key = `tickets.outbox:fr:ws://127.0.0.1:15674/ws:${orderIdOf(entry(1))}`;
    expect([...storage.items.keys()]).toEqual([key]);
    expect(outboxEntryKey(PREFIX, orderIdOf(entry(1)))).toBe(key);
  });

  it("kept orders survive a new page on the same storage until they are forgotten", () => {
    const storage = new MapStorage();
    webOutboxStorage(storage, PREFIX, "fr").keep([entry(1), entry(2)]);

    const reloaded = webOutboxStorage(storage, PREFIX, "fr");
    expect(reloaded.load()).toEqual([entry(1), entry(2)]);
    reloaded.forget([orderIdOf(entry(1))]);

    expect(webOutboxStorage(storage, PREFIX, "fr").load()).toEqual([entry(2)]);
  });

  it.each([
    ["in Web Storage", () => webOutboxStorage(new MapStorage(), PREFIX, "fr")],
    ["in memory", () => memoryOutboxStorage()],
  ])("rewriting changes the orders still kept %s and brings back none that was forgotten", (_, open) => {
    const outbox = open();
    outbox.keep([entry(1), entry(2)]);
    outbox.forget([orderIdOf(entry(2))]);

    outbox.rewrite([entry(1, undefined, true), entry(2, undefined, true)]);

    expect(outbox.load()).toEqual([entry(1, undefined, true)]);
  });

  it("whether the site published an order, and when the buyer last asked for it, survive a new page; an order written before that was kept reads as published", () => {
    const storage = new MapStorage();
    const outbox = webOutboxStorage(storage, PREFIX, "fr");
    const askedAgain: OutboxEntry = { ...entry(4), askedAt: "2026-07-20T10:00:00.000Z" };
    outbox.keep([entry(1), entry(2), entry(4)]);
    outbox.keep([entry(2, undefined, true), askedAgain]);
    storage.setItem(`${PREFIX}${orderIdOf(entry(3))}`, JSON.stringify({ purchase: entry(3).purchase, rush: false }));

    expect(webOutboxStorage(storage, PREFIX, "fr").load()).toEqual([entry(1), entry(2, undefined, true), entry(3, undefined, true), askedAgain]);
  });

  it("orders load oldest first, whatever order the storage lists them in", () => {
    const storage = new MapStorage();
    const late = entry(1, "2026-07-14T19:00:09.000Z");
    const early = entry(2, "2026-07-14T19:00:01.000Z");
    webOutboxStorage(storage, PREFIX, "fr").keep([late, early]);

    expect(webOutboxStorage(storage, PREFIX, "fr").load()).toEqual([early, late]);
  });

  it("kept orders sort oldest first by click time, then by orderId", () => {
    const late = entry(1, "2026-07-14T19:00:02.000Z");
    const early = entry(2, "2026-07-14T19:00:01.000Z");
    const sameTimeB = entry(4, "2026-07-14T19:00:01.500Z");
    const sameTimeA = entry(3, "2026-07-14T19:00:01.500Z");

    expect(oldestFirst([late, sameTimeB, early, sameTimeA])).toEqual([early, sameTimeA, sameTimeB, late]);
  });

  it("a tab that forgets an order from a stale view keeps the order another tab just placed", () => {
    const shared = new MapStorage();
    webOutboxStorage(shared, PREFIX, "fr").keep([entry(1)]);
    const tabA = webOutboxStorage(new StaleTab(shared), PREFIX, "fr");
    const tabB = webOutboxStorage(new StaleTab(shared), PREFIX, "fr");

    tabA.keep([entry(2)]);
    tabB.forget([orderIdOf(entry(1))]);

    expect(webOutboxStorage(shared, PREFIX, "fr").load()).toEqual([entry(2)]);
  });

  it("another site's, another broker's and unreadable entries are left alone and not loaded", () => {
    const storage = new MapStorage();
    webOutboxStorage(storage, outboxKeyPrefix("de", "ws://127.0.0.1:15674/ws"), "de").keep([
      { ...entry(1), purchase: { ...entry(1).purchase, country: "de" } },
    ]);
    webOutboxStorage(storage, outboxKeyPrefix("fr", "ws://127.0.0.1:40000/ws"), "fr").keep([entry(2)]);
    storage.setItem(`${PREFIX}${orderIdOf(entry(3))}`, "{oops");
    storage.setItem(`${PREFIX}${orderIdOf(entry(4))}`, JSON.stringify(entry(5)));
    storage.setItem("theme", "dark");

    expect(webOutboxStorage(storage, PREFIX, "fr").load()).toEqual([]);
    expect(storage.items.size).toBe(5);
  });

  it("an outbox kept as one list, as sites once did, is moved to one entry per order and nothing is lost, its orders read as published", () => {
    const storage = new MapStorage();
    const { purchase: first } = entry(1);
    const { purchase: second } = entry(2);
    storage.setItem(PREFIX.slice(0, -1), JSON.stringify([{ purchase: first, rush: false }, { purchase: second, rush: false }]));

    const outbox = webOutboxStorage(storage, PREFIX, "fr");

    expect(outbox.load()).toEqual([entry(1, undefined, true), entry(2, undefined, true)]);
    expect([...storage.items.keys()]).toEqual([`${PREFIX}${orderIdOf(entry(1))}`, `${PREFIX}${orderIdOf(entry(2))}`]);
  });

  it("when the browser refuses to keep one order, the others are still kept, and keeping reports the refusal", () => {
    const storage = new RefusingWrites((key) => key === outboxEntryKey(PREFIX, orderIdOf(entry(1))));
    const outbox = webOutboxStorage(storage, PREFIX, "fr");

    const kept = outbox.keep([entry(1), entry(2), entry(3)]);

    expect(kept).toBe(false);
    expect(outbox.load()).toEqual([entry(2), entry(3)]);
  });

  it("when moving an outbox kept as one list fails, the list stays in storage and its orders are still loaded, so none is lost", () => {
    const storage = new RefusingWrites((key) => key.startsWith(PREFIX));
    const listKey = PREFIX.slice(0, -1);
    const list = JSON.stringify([{ purchase: entry(1).purchase, rush: false }]);
    storage.items.set(listKey, list);

    const loaded = webOutboxStorage(storage, PREFIX, "fr").load();

    expect(storage.getItem(listKey)).toBe(list);
    // The page still owes it: it is shown and sent, though storage could not take it.
    expect(loaded).toEqual([entry(1, undefined, true)]);
  });

  it("when the browser refuses to move some orders of an outbox kept as one list, the list keeps only those, so a moved order answered since does not come back", () => {
    const storage = new RefusingWrites((key) => key === outboxEntryKey(PREFIX, orderIdOf(entry(1))));
    const listKey = PREFIX.slice(0, -1);
    storage.items.set(listKey, JSON.stringify([{ purchase: entry(1).purchase, rush: false }, { purchase: entry(2).purchase, rush: false }]));
    const outbox = webOutboxStorage(storage, PREFIX, "fr");

    expect(outbox.load()).toEqual([entry(1, undefined, true), entry(2, undefined, true)]);
    outbox.forget([orderIdOf(entry(2))]);

    expect(parseOutboxList(storage.getItem(listKey), "fr")).toEqual([entry(1, undefined, true)]);
    expect(outbox.load()).toEqual([entry(1, undefined, true)]);
  });

  it("an order that could not move out of an outbox kept as one list is forgotten there too once answered, and the list goes with its last order", () => {
    const storage = new RefusingWrites((key) => key.startsWith(PREFIX));
    const listKey = PREFIX.slice(0, -1);
    storage.items.set(listKey, JSON.stringify([{ purchase: entry(1).purchase, rush: false }, { purchase: entry(2).purchase, rush: false }]));
    const outbox = webOutboxStorage(storage, PREFIX, "fr");
    outbox.load();

    outbox.forget([orderIdOf(entry(1))]);
    expect(outbox.load()).toEqual([entry(2, undefined, true)]);
    outbox.forget([orderIdOf(entry(2))]);

    expect(storage.getItem(listKey)).toBeNull();
    expect(outbox.load()).toEqual([]);
  });

  it("an empty outbox leaves nothing behind in storage", () => {
    const storage = new MapStorage();
    const outbox = webOutboxStorage(storage, PREFIX, "fr");

    outbox.keep([entry(1)]);
    outbox.forget([orderIdOf(entry(1))]);

    expect(storage.items.size).toBe(0);
  });

  it("when the browser refuses storage, buying still works: nothing is thrown and nothing is kept", () => {
    const outbox = webOutboxStorage(refusing, PREFIX, "fr");

    expect(() => {
      outbox.keep([entry(1)]);
      outbox.forget([orderIdOf(entry(1))]);
    }).not.toThrow();
    expect(outbox.load()).toEqual([]);
  });

  it("a memory outbox keeps and forgets the same way", () => {
    const outbox = memoryOutboxStorage([entry(1)]);

    outbox.keep([entry(2)]);
    outbox.forget([orderIdOf(entry(1))]);

    expect(outbox.load()).toEqual([entry(2)]);
  });
});

describe("the outbox a site gets by default", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each(STORAGE_REFUSALS)("where the browser %s, orders live as long as the page and it says it keeps none, from the start, so the page can warn", (_, read) => {
    stubPageStorage(read);
    const outbox = defaultOutboxStorage("fr", "ws://127.0.0.1:15674/ws");

    expect(outbox.keepsNothing).toBe(true);
    expect(outbox.keep([entry(1)])).toBe(false);
    expect(outbox.load()).toEqual([entry(1)]);
    outbox.forget([orderIdOf(entry(1))]);
    expect(outbox.load()).toEqual([]);
  });

  it("in a browser with localStorage, orders are kept there", () => {
    const storage = new MapStorage();
    stubPageStorage(() => storage);
    const outbox = defaultOutboxStorage("fr", "ws://127.0.0.1:15674/ws");

    expect(outbox.keepsNothing).toBeUndefined();
    expect(outbox.keep([entry(1)])).toBe(true);
    expect(storage.length).toBe(1);
  });

  it("outside a browser (the load generator, the chaos test), orders live in memory and nothing warns", () => {
    const outbox = defaultOutboxStorage("fr", "ws://127.0.0.1:15674/ws");

    expect(outbox.keep([entry(1)])).toBe(true);
    expect(outbox.load()).toEqual([entry(1)]);
  });
});
