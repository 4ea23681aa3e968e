import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  msUntilNextSecond,
  RECONNECT,
  ReconnectPause,
  reconnectBackoffMs,
  reconnectDelayMs,
  reconnectJitterMs,
  secondsUntil,
} from "./reconnect.js";

describe("reconnect backoff", () => {
  it("the first connection does not wait", () => {
    expect(reconnectDelayMs(0, () => 0.99)).toBe(0);
  });

  it("the backoff is 1 s, doubling per failed attempt up to 15 s", () => {
    expect([1, 2, 3, 4, 5, 6, 30].map(reconnectBackoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });

  it("the extra wait is a random part of the backoff, up to half of it", () => {
    expect([1, 2, 3, 4].map((attempt) => reconnectJitterMs(attempt, () => 1))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(reconnectJitterMs(3, () => 0)).toBe(0);
    expect(reconnectJitterMs(3, () => 0.25)).toBe(500);
  });

  it("once the backoff reaches its ceiling, the whole wait stops growing", () => {
    const ceiling = RECONNECT.maxDelayMs * (1 + RECONNECT.jitter);

    expect(reconnectDelayMs(30, () => 1)).toBe(ceiling);
    expect(reconnectDelayMs(1_000, () => 1)).toBe(ceiling);
  });

  it("the whole wait is the backoff and its jitter", () => {
    expect(reconnectDelayMs(4, () => 0.5)).toBe(8_000 + 2_000);
  });
});

describe("countdown", () => {
  it("counts whole seconds, rounded up, down to 0 once the time has come", () => {
    const at = 10_000;

    expect([2_000, 2_001, 3_000, 3_001, 9_999, 10_000, 12_000].map((now) => secondsUntil(at, now))).toEqual([8, 8, 7, 7, 1, 0, 0]);
  });

  it("redraws when the figure changes: on the second, once a second", () => {
    const at = 10_000;

    expect(msUntilNextSecond(at, 2_750)).toBe(250);
    expect(msUntilNextSecond(at, 3_000)).toBe(1_000);
    expect(msUntilNextSecond(at, 10_000)).toBe(0);
    expect(secondsUntil(at, 2_750 + msUntilNextSecond(at, 2_750))).toBe(secondsUntil(at, 2_750) - 1);
  });
});

describe("reconnect pause", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("ends after its delay, says when by the clock it was given, and tells its owner once", async () => {
    const onOver = vi.fn();
    const pause = new ReconnectPause(2_500, 40_000, onOver);
    let over = false;
    void pause.over.then(() => {
      over = true;
    });

    expect(pause.at).toBe(42_500);
    await vi.advanceTimersByTimeAsync(2_499);
    expect(over).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(over).toBe(true);
    expect(onOver).toHaveBeenCalledOnce();
  });

  it("ended early, it is over at once, leaves no timer, and ending it again changes nothing", async () => {
    const onOver = vi.fn();
    const pause = new ReconnectPause(15_000, 0, onOver);

    pause.end();
    pause.end();
    await pause.over;

    expect(vi.getTimerCount()).toBe(0);
    expect(onOver).toHaveBeenCalledOnce();
  });
});
