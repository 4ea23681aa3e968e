import { describe, expect, it } from "vitest";
import { ClosedTabWatch } from "./closed-tabs.js";
import type { FakeTab } from "./fake-tab-locks.test-support.js";
import { FakeLockRegistry, locksSettle } from "./fake-tab-locks.test-support.js";

const OUTBOX_PREFIX = "tickets.outbox:fr:ws://127.0.0.1:15674/ws:";


/** A tab of the French site: its locks, its window, and how often it was told another tab closed. */
function openTab(registry: FakeLockRegistry) {
  const tab: FakeTab = registry.openTab();
  const events = new EventTarget();
  const closedTabs: string[] = [];
  let changes = 0;
  const watch = new ClosedTabWatch({
    outboxPrefix: OUTBOX_PREFIX,
    signals: { locks: tab.locks, events },
    onTabClosed: (name) => {
      closedTabs.push(name);
    },
    onOtherTabsChanged: () => {
      changes++;
    },
  });
  return {
    watch,
    close: tab.close,
    /** How often it was told the other tabs may have changed. */
    changes: () => changes,
    told: () => closedTabs.length,
    /** The tabs it was told of, by name. */
    toldOf: () => [...closedTabs],
    /** Another tab wrote storage key `key`, as the browser tells every other tab of the origin. */
    storageWritten: (key: string) => events.dispatchEvent(Object.assign(new Event("storage"), { key })),
  };
}

describe("closed tab watch", () => {
  it("a tab already open when this one started is told of once it closes, once", async () => {
    const registry = new FakeLockRegistry();
    const first = openTab(registry);
    first.watch.start();
    await locksSettle();
    const second = openTab(registry);
    second.watch.start();
    await locksSettle();
    expect(second.told()).toBe(0);

    first.close();
    await locksSettle();

    expect(second.toldOf()).toEqual([first.watch.tab]);
    expect(first.told()).toBe(0);
  });

  it("a released watch lets go of its tab's lock for good: the other tabs are told, as of a closed tab", async () => {
    const registry = new FakeLockRegistry();
    const retired = openTab(registry);
    retired.watch.start();
    await locksSettle();
    const other = openTab(registry);
    other.watch.start();
    await locksSettle();

    retired.watch.release();
    await locksSettle();

    expect(other.toldOf()).toEqual([retired.watch.tab]);
  });

  it("a tab opened later is watched once a tab writes an outbox entry, not for other writes to storage", async () => {
    const registry = new FakeLockRegistry();
    const watching = openTab(registry);
    watching.watch.start();
    await locksSettle();
    const silent = openTab(registry);
    silent.watch.start();
    await locksSettle();

    watching.storageWritten("some.other.key");
    await locksSettle();
    silent.close();
    await locksSettle();
    expect(watching.told()).toBe(0);
    const buyer = openTab(registry);
    buyer.watch.start();
    await locksSettle();
    watching.storageWritten(`${OUTBOX_PREFIX}9f1c2b0e-1111-4a4a-8b8b-000000000001`);
    await locksSettle();
    buyer.close();
    await locksSettle();

    expect(watching.told()).toBe(1);
  });

  it("the other open tabs are known by name, from the start and from a new tab's first outbox write, until each closes; each change is told once the names are known", async () => {
    const registry = new FakeLockRegistry();
    const first = openTab(registry);
    first.watch.start();
    await locksSettle();
    const watching = openTab(registry);
    watching.watch.start();
    await locksSettle();
    expect([...watching.watch.openTabs]).toEqual([first.watch.tab]);
    expect(watching.changes()).toBe(1);

    const later = openTab(registry);
    later.watch.start();
    await locksSettle();
    expect([...watching.watch.openTabs]).toEqual([first.watch.tab]);
    watching.storageWritten(`${OUTBOX_PREFIX}9f1c2b0e-1111-4a4a-8b8b-000000000001`);
    await locksSettle();
    expect([...watching.watch.openTabs]).toEqual([first.watch.tab, later.watch.tab]);
    expect(watching.changes()).toBe(2);

    first.close();
    await locksSettle();
    expect([...watching.watch.openTabs]).toEqual([later.watch.tab]);
    expect(watching.changes()).toBe(3);
    watching.watch.stop();
    expect(watching.watch.openTabs.size).toBe(0);
  });

  it("a shop moved within its page keeps its tab's lock, so the other tabs are not told; a stopped watch tells nothing", async () => {
    const registry = new FakeLockRegistry();
    const moved = openTab(registry);
    moved.watch.start();
    await locksSettle();
    const other = openTab(registry);
    other.watch.start();
    await locksSettle();

    moved.watch.stop();
    moved.watch.start();
    await locksSettle();
    expect(other.told()).toBe(0);
    other.watch.stop();
    moved.close();
    await locksSettle();

    expect(other.told()).toBe(0);
  });
});
