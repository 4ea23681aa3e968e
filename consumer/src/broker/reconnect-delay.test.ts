import { describe, expect, it } from "vitest";
import { RECONNECT_BACKOFF, reconnectDelayMs } from "./reconnect-delay.js";

/** The draw that adds no jitter. */
const MIDDLE = (): number => 0.5;

describe("reconnectDelayMs", () => {
  it("after the first failure, waits 250 ms", () => {
    expect(reconnectDelayMs(1, MIDDLE)).toBe(RECONNECT_BACKOFF.initialMs);
  });

  it("when failures follow one another, doubles the wait each time", () => {
    const delays = [1, 2, 3, 4, 5].map((failures) => reconnectDelayMs(failures, MIDDLE));

    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000]);
  });

  it("however many failures, never waits longer than 15 s, jitter included", () => {
    const longest = reconnectDelayMs(1_000, () => 0.999_999);

    expect(longest).toBeLessThanOrEqual(RECONNECT_BACKOFF.maxMs);
    expect(longest).toBeGreaterThan(RECONNECT_BACKOFF.maxMs - 10);
  });

  it("spreads each wait by up to half of it either way", () => {
    expect([reconnectDelayMs(3, () => 0), reconnectDelayMs(3, () => 0.999_999)]).toEqual([500, 1_500]);
  });
});
