import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DepthReader } from "./queue-drain.js";
import { drainProblems, waitForDrain } from "./queue-drain.js";

const QUEUES = ["purchases.fr", "purchases.de"];

/** Gives the readings in turn, then the last one for ever. */
function readings(...each: Record<string, number>[]): DepthReader {
  let next = 0;
  return { read: () => Promise.resolve(each[Math.min(next++, each.length - 1)] ?? {}) };
}

describe("waitForDrain", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("when the queues empty in time, says they drained and shows each reading", async () => {
    const seen: Record<string, number>[] = [];
    const reader = readings({ "purchases.fr": 40, "purchases.de": 0 }, { "purchases.fr": 5, "purchases.de": 0 }, { "purchases.fr": 0, "purchases.de": 0 });

    const waiting = waitForDrain(reader, QUEUES, { timeoutMs: 30_000, signal: new AbortController().signal, onDepths: (depths) => seen.push(depths) });
    await vi.advanceTimersByTimeAsync(1_000);

    await expect(waiting).resolves.toMatchObject({ drained: true, left: {} });
    expect(seen.map((depths) => depths["purchases.fr"])).toEqual([40, 5, 0]);
  });

  it("when they do not empty within the bound, gives up with what is left", async () => {
    const waiting = waitForDrain(readings({ "purchases.fr": 12, "purchases.de": 0 }), QUEUES, { timeoutMs: 30_000, signal: new AbortController().signal });
    await vi.advanceTimersByTimeAsync(31_000);

    await expect(waiting).resolves.toMatchObject({ drained: false, left: { "purchases.fr": 12 } });
  });

  it("counts a queue it cannot read as not drained", async () => {
    const failing: DepthReader = { read: () => Promise.reject(new Error("channel closed")) };

    const waiting = waitForDrain(failing, QUEUES, { timeoutMs: 1_000, signal: new AbortController().signal });
    await vi.advanceTimersByTimeAsync(2_000);

    await expect(waiting).resolves.toMatchObject({ drained: false, left: { "purchases.fr": -1, "purchases.de": -1 } });
  });
});

describe("drainProblems", () => {
  it("when the queues drained, adds no problem", () => {
    expect(drainProblems({ drained: true, left: {}, waitedMs: 300 })).toEqual([]);
  });

  it("when they did not, counts the messages left and names the queues, as the report's notes list them", () => {
    const problems = drainProblems({ drained: false, left: { "purchases.fr": 100, "purchases.de": 20, "purchases.gb": -1 }, waitedMs: 30_000 });

    expect(problems).toEqual([
      { detail: "message still queued from earlier phases when this one began, after waiting 30 s (purchases.fr 100, purchases.de 20)", count: 120 },
      { detail: "queue whose depth could not be read before the phase began, after waiting 30 s (purchases.gb)", count: 1 },
    ]);
  });
});
