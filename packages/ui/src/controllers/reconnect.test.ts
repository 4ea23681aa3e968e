import { describe, expect, it } from "vitest";
import { RECONNECT, reconnectJitterMs } from "./reconnect.js";

describe("reconnect jitter", () => {
  it("the first connection does not wait", () => {
    expect(reconnectJitterMs(0, () => 0.99)).toBe(0);
  });

  it("the extra wait is a random part of the backoff, which doubles per failed attempt", () => {
    expect([1, 2, 3, 4].map((attempt) => reconnectJitterMs(attempt, () => 1))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(reconnectJitterMs(3, () => 0)).toBe(0);
    expect(reconnectJitterMs(3, () => 0.25)).toBe(500);
  });

  it("once the backoff reaches its ceiling, the extra wait stops growing", () => {
    const ceiling = RECONNECT.maxDelayMs * RECONNECT.jitter;

    expect(reconnectJitterMs(30, () => 1)).toBe(ceiling);
    expect(reconnectJitterMs(1_000, () => 1)).toBe(ceiling);
  });
});
