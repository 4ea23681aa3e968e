import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { settlesWithin } from "./settles-within.js";

describe("settlesWithin", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("when the work never settles, gives up with false once the time is up", async () => {
    const never = new Promise<void>(() => undefined);

    let settled: boolean | undefined;
    void settlesWithin(never, 2_000).then((outcome) => {
      settled = outcome;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    const beforeTheTime = settled;
    await vi.advanceTimersByTimeAsync(1);

    expect(beforeTheTime).toBeUndefined();
    expect(settled).toBe(false);
  });

  it("when the work settles in time, true, a rejection included, and no timer is left behind", async () => {
    const outcomes = await Promise.all([settlesWithin(Promise.resolve(), 2_000), settlesWithin(Promise.reject(new Error("channel closed")), 2_000)]);

    expect(outcomes).toEqual([true, true]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
