import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Order, OrderStatus } from "../orders/order-book.js";
import { fakeHost } from "./fake-host.test-support.js";
import type { RushOutcomeCounts } from "./stray-rush-outcomes.js";
import { STRAY_RUSH_QUIET_MS, StrayRushOutcomes } from "./stray-rush-outcomes.js";

function order(n: number, status: OrderStatus): Order {
  return { orderId: `order-${String(n)}`, quantity: 10, placedAt: "2026-07-14T19:00:00.000Z", publishedAt: 0, rush: true, published: true, status };
}

function setup() {
  const told: RushOutcomeCounts[] = [];
  const { host, disconnected, connected } = fakeHost();
  const outcomes = new StrayRushOutcomes(host, { tell: (counts) => told.push(counts) });
  return { outcomes, told, disconnected, connected };
}

describe("outcomes of rush orders no running rush counts", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("are told together once none has come for a second, each order once by its latest outcome", () => {
    const { outcomes, told } = setup();
    outcomes.add(order(1, "timed-out"));
    outcomes.add(order(2, "confirmed"));
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS - 1);
    outcomes.add(order(3, "rejected"));
    outcomes.add(order(1, "confirmed"));
    outcomes.add(order(4, "busy"));
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS - 1);
    expect(told).toEqual([]);

    vi.advanceTimersByTime(1);

    expect(told).toEqual([{ confirmed: 2, rejected: 1, unconfirmed: 1 }]);
    outcomes.add(order(5, "confirmed"));
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS);
    expect(told).toEqual([{ confirmed: 2, rejected: 1, unconfirmed: 1 }, { confirmed: 1, rejected: 0, unconfirmed: 0 }]);
  });

  it("a shop moved within the page keeps the outcomes it had collected, and tells them a quiet second after it is back", () => {
    const { outcomes, told, disconnected, connected } = setup();
    outcomes.add(order(1, "confirmed"));
    outcomes.add(order(2, "busy"));
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS - 1);

    // What Lit does when the element is moved: disconnected, then connected again, in the same task.
    disconnected();
    connected();
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS - 1);
    expect(told).toEqual([]);
    vi.advanceTimersByTime(1);

    expect(told).toEqual([{ confirmed: 1, rejected: 0, unconfirmed: 1 }]);
    // Told once: a later move has nothing left to tell.
    disconnected();
    connected();
    vi.advanceTimersByTime(10 * STRAY_RUSH_QUIET_MS);
    expect(told).toHaveLength(1);
  });

  it("a shop that leaves the page tells nothing, and leaves no timer behind", () => {
    const { outcomes, told, disconnected } = setup();
    outcomes.add(order(1, "confirmed"));

    disconnected();
    vi.advanceTimersByTime(10 * STRAY_RUSH_QUIET_MS);

    expect(told).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an outcome that comes after the shop left starts no timer, and is told a quiet second after the shop is back", () => {
    const { outcomes, told, disconnected, connected } = setup();
    disconnected();

    outcomes.add(order(1, "confirmed"));
    expect(vi.getTimerCount()).toBe(0);
    connected();
    vi.advanceTimersByTime(STRAY_RUSH_QUIET_MS);

    expect(told).toEqual([{ confirmed: 1, rejected: 0, unconfirmed: 0 }]);
  });
});
