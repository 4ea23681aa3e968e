import type { StockLevel } from "@repo/contract";
import { parseStockLevel } from "@repo/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StockSnapshot } from "../store/order-store.js";
import type { Broadcast } from "../broker/amqp.js";
import type { StockBroadcaster } from "./stock-broadcaster.js";
import { createStockBroadcaster } from "./stock-broadcaster.js";

interface Fixture {
  broadcaster: StockBroadcaster;
  sent: Broadcast[];
  /** Sells from the fake store: the next read sees it. */
  sell: (tickets: number) => void;
  levels: () => (StockLevel | undefined)[];
}

function setup(intervals = { minIntervalMs: 100, idleIntervalMs: 1000 }): Fixture {
  const stock: StockSnapshot = { total: 1000, remaining: 1000, sold: { fr: 0, de: 0, gb: 0, es: 0 } };
  const sent: Broadcast[] = [];
  const broadcaster = createStockBroadcaster({
    read: () => structuredClone(stock),
    publish: (broadcast) => sent.push(broadcast) > 0,
    ...intervals,
    clock: () => Date.now(),
  });
  return {
    broadcaster,
    sent,
    sell(tickets) {
      stock.remaining -= tickets;
      stock.sold.fr += tickets;
      broadcaster.changed();
    },
    levels: () => sent.map((broadcast) => parseStockLevel(broadcast.body)),
  };
}

/**
 * A broadcaster whose channel the test connects and disconnects
 * (`channel.connected`); `sentAt()` gives when each broadcast went out, in
 * milliseconds from the moment it was made.
 */
function onFlakyChannel(connected: boolean): { broadcaster: StockBroadcaster; channel: { connected: boolean }; sentAt: () => number[] } {
  const channel = { connected };
  const started = Date.now();
  const sentAt: number[] = [];
  const broadcaster = createStockBroadcaster({
    read: () => ({ total: 10, remaining: 10, sold: { fr: 0, de: 0, gb: 0, es: 0 } }),
    publish: () => channel.connected && sentAt.push(Date.now() - started) > 0,
    minIntervalMs: 500,
    idleIntervalMs: 1000,
    clock: () => Date.now(),
  });
  return { broadcaster, channel, sentAt: () => [...sentAt] };
}

describe("createStockBroadcaster", () => {
  let fixture: Fixture;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-11-25T17:00:00.000Z") });
    fixture = setup();
  });

  afterEach(() => {
    fixture.broadcaster.stop();
    vi.useRealTimers();
  });

  it("when started, broadcasts the stock at once on the inventory exchange", () => {
    fixture.broadcaster.start();

    expect(fixture.sent).toHaveLength(1);
    expect(fixture.sent[0]).toMatchObject({ exchange: "tickets.inventory", routingKey: "stock" });
    expect(fixture.levels()[0]).toEqual({
      total: 1000,
      remaining: 1000,
      sold: { fr: 0, de: 0, gb: 0, es: 0 },
      at: "2026-11-25T17:00:00.000Z",
    });
  });

  it("when the minimum interval is longer than the idle one, it still bounds the broadcasts while orders sell", () => {
    fixture = setup({ minIntervalMs: 5000, idleIntervalMs: 1000 });
    fixture.broadcaster.start();

    for (let tenth = 0; tenth < 100; tenth += 1) {
      fixture.sell(10);
      vi.advanceTimersByTime(100);
    }

    // Ten seconds of sales: the start, then one at 5 s and one at 10 s; without the bound the idle republish adds eight more.
    expect(fixture.sent).toHaveLength(3);
  });

  it("when nothing sells, republishes every idle interval for sites that subscribe late", () => {
    fixture.broadcaster.start();

    vi.advanceTimersByTime(3000);

    expect(fixture.sent).toHaveLength(4);
  });

  it("when a sale follows a quiet moment, broadcasts it without waiting for the interval", () => {
    fixture.broadcaster.start();
    vi.advanceTimersByTime(500);

    fixture.sell(10);
    vi.advanceTimersByTime(0);

    expect(fixture.levels().at(-1)).toMatchObject({ remaining: 990, sold: { fr: 10 } });
  });

  it("when sales come in a burst, sends at most one broadcast per interval and the last one carries the last sale", () => {
    fixture.broadcaster.start();
    vi.advanceTimersByTime(500);

    for (let i = 0; i < 50; i++) {
      fixture.sell(10);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(100);

    // The start's, then over 500 ms of sales one at the first sale (500 ms) and one as each 100 ms interval ends (600 to 1000 ms):
    // one per sale would be 51.
    expect(fixture.sent).toHaveLength(1 + 1 + 5);
    expect(fixture.levels().at(-1)).toMatchObject({ remaining: 500, sold: { fr: 500 } });
  });

  it("after a burst, goes back to the idle republish", () => {
    fixture.broadcaster.start();
    fixture.sell(10);
    vi.advanceTimersByTime(100);
    const afterBurst = fixture.sent.length;

    vi.advanceTimersByTime(999);
    const beforeIdle = fixture.sent.length;
    vi.advanceTimersByTime(2);

    expect(beforeIdle).toBe(afterBurst);
    expect(fixture.sent.length).toBe(afterBurst + 1);
  });

  it("when the broker is away, keeps trying on the next interval", () => {
    let connected = false;
    const sent: string[] = [];
    const broadcaster = createStockBroadcaster({
      read: () => ({ total: 10, remaining: 10, sold: { fr: 0, de: 0, gb: 0, es: 0 } }),
      publish: (broadcast) => connected && sent.push(broadcast.body) > 0,
      clock: () => Date.now(),
    });
    broadcaster.start();

    connected = true;
    vi.advanceTimersByTime(1000);
    broadcaster.stop();

    expect(sent).toHaveLength(1);
  });

  it("when a broadcast cannot go out (no channel yet), tries again within 250 ms rather than a whole idle interval later", () => {
    const { broadcaster, channel, sentAt } = onFlakyChannel(false);
    broadcaster.start();
    vi.advanceTimersByTime(100);

    channel.connected = true;
    vi.advanceTimersByTime(150);
    broadcaster.stop();

    expect(sentAt()).toEqual([250]);
  });

  it("when a sale's broadcast cannot go out, the sale is broadcast once the channel is back, not an idle interval later", () => {
    let connected = true;
    const sent: string[] = [];
    let remaining = 10;
    const broadcaster = createStockBroadcaster({
      read: () => ({ total: 10, remaining, sold: { fr: 10 - remaining, de: 0, gb: 0, es: 0 } }),
      publish: (broadcast) => connected && sent.push(broadcast.body) > 0,
      minIntervalMs: 100,
      idleIntervalMs: 1000,
      clock: () => Date.now(),
    });
    broadcaster.start();
    vi.advanceTimersByTime(500);
    connected = false;
    remaining = 0;
    broadcaster.changed();
    vi.advanceTimersByTime(0);

    connected = true;
    vi.advanceTimersByTime(100);
    broadcaster.stop();

    expect(sent.map((body) => parseStockLevel(body)?.remaining)).toEqual([10, 0]);
  });

  it("when the store cannot be read, tries again once per idle interval, not every 250 ms", () => {
    let reads = 0;
    const broadcaster = createStockBroadcaster({
      read: () => {
        reads += 1;
        throw new Error("SQLITE_IOERR: disk I/O error");
      },
      publish: () => true,
      minIntervalMs: 500,
      idleIntervalMs: 1000,
      clock: () => Date.now(),
    });
    broadcaster.start();

    vi.advanceTimersByTime(999);
    const readsWithinTheInterval = reads;
    vi.advanceTimersByTime(1);
    broadcaster.stop();

    expect([readsWithinTheInterval, reads]).toEqual([1, 2]);
  });

  it("when a broadcast could not go out, the next sale is broadcast at once, not a minimum interval after the failed try", () => {
    const { broadcaster, channel, sentAt } = onFlakyChannel(true);
    broadcaster.start();
    channel.connected = false;
    // The idle republish at 1000 ms finds no channel.
    vi.advanceTimersByTime(1100);
    channel.connected = true;

    broadcaster.changed();
    vi.advanceTimersByTime(0);
    broadcaster.stop();

    expect(sentAt()).toEqual([0, 1100]);
  });

  it("when stopped, sends nothing more, even for a sale", () => {
    fixture.broadcaster.start();
    fixture.broadcaster.stop();

    fixture.sell(10);
    vi.advanceTimersByTime(5000);

    expect(fixture.sent).toHaveLength(1);
  });

  it("when finished with a sale still waiting out the interval, broadcasts it at once, then sends nothing more", async () => {
    fixture.broadcaster.start();
    vi.advanceTimersByTime(500);
    fixture.sell(10);
    vi.advanceTimersByTime(0);
    fixture.sell(20);

    await fixture.broadcaster.finish();
    vi.advanceTimersByTime(5000);

    expect(fixture.levels().map((level) => level?.remaining)).toEqual([1000, 990, 970]);
  });

  it("when finished with no sale since the last broadcast, sends nothing", async () => {
    fixture.broadcaster.start();
    fixture.sell(10);
    vi.advanceTimersByTime(100);
    const before = fixture.sent.length;

    await fixture.broadcaster.finish();

    expect(fixture.sent).toHaveLength(before);
  });

  it("when finished with a sale, waits for the broker to answer the last broadcast before it resolves", async () => {
    let answer: () => void = () => undefined;
    const answered = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    const broadcaster = createStockBroadcaster({
      read: () => ({ total: 10, remaining: 0, sold: { fr: 10, de: 0, gb: 0, es: 0 } }),
      publish: () => true,
      answered,
      clock: () => Date.now(),
    });
    broadcaster.start();
    broadcaster.changed();
    let finished = false;

    const finishing = broadcaster.finish().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(100);
    const finishedBeforeAnswer = finished;
    answer();
    await finishing;

    expect(answered).toHaveBeenCalledOnce();
    expect(finishedBeforeAnswer).toBe(false);
  });

  it("when finished with a sale while the broker has not answered the broadcast before, sends the last one once it has", async () => {
    let unanswered = false;
    let answer: () => void = () => undefined;
    const sent: string[] = [];
    const broadcaster = createStockBroadcaster({
      read: () => ({ total: 10, remaining: 0, sold: { fr: 10, de: 0, gb: 0, es: 0 } }),
      // As the broker link does: at most one broadcast unanswered.
      publish: (broadcast) => {
        if (unanswered) return false;
        unanswered = true;
        sent.push(broadcast.body);
        return true;
      },
      answered: () =>
        unanswered
          ? new Promise<void>((resolve) => {
              answer = () => {
                unanswered = false;
                resolve();
              };
            })
          : Promise.resolve(),
      clock: () => Date.now(),
    });
    broadcaster.start();
    broadcaster.changed();

    const finishing = broadcaster.finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toHaveLength(1);
    answer();
    await vi.advanceTimersByTimeAsync(0);
    answer();
    await finishing;

    expect(sent).toHaveLength(2);
  });

  it("when finished with no sale since the last broadcast, resolves at once without waiting for the broker's answer", async () => {
    const answered = vi.fn(() => new Promise<void>(() => undefined));
    const sent: string[] = [];
    const broadcaster = createStockBroadcaster({
      read: () => ({ total: 10, remaining: 0, sold: { fr: 10, de: 0, gb: 0, es: 0 } }),
      publish: (broadcast) => sent.push(broadcast.body) > 0,
      answered,
      clock: () => Date.now(),
    });
    broadcaster.start();
    broadcaster.changed();
    vi.advanceTimersByTime(500);
    const sentBefore = sent.length;
    let finished = false;

    void broadcaster.finish().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(0);

    expect(finished).toBe(true);
    expect(answered).not.toHaveBeenCalled();
    expect(sent).toHaveLength(sentBefore);
  });

  it("when the broker never answers the last broadcast, finish gives up after a second", async () => {
    const broadcaster = createStockBroadcaster({
      read: () => ({ total: 10, remaining: 0, sold: { fr: 10, de: 0, gb: 0, es: 0 } }),
      publish: () => true,
      answered: () => new Promise<void>(() => undefined),
      clock: () => Date.now(),
    });
    broadcaster.start();
    broadcaster.changed();
    let finished = false;

    void broadcaster.finish().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(999);
    const finishedEarly = finished;
    await vi.advanceTimersByTimeAsync(1);

    expect(finishedEarly).toBe(false);
    expect(finished).toBe(true);
  });

  it("when started twice, keeps one republish going, and stop ends it", () => {
    fixture.broadcaster.start();
    fixture.broadcaster.start();
    vi.advanceTimersByTime(3000);

    expect(fixture.sent).toHaveLength(5);
    fixture.broadcaster.stop();
    vi.advanceTimersByTime(5000);

    expect(fixture.sent).toHaveLength(5);
  });
});
