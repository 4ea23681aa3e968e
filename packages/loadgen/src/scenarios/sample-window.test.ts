import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WindowSampler } from "./sample-window.js";
import { sampleWindow } from "./sample-window.js";

/** A sampler that notes, relative to the test's start, when it was started and stopped. */
function recordingSampler(t0: number): WindowSampler<string> & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    start: () => {
      events.push(`start at ${performance.now() - t0}`);
    },
    stop: () => {
      events.push(`stop at ${performance.now() - t0}`);
      return Promise.resolve("samples");
    },
  };
}

/** A reading that takes as long as a busy consumer's /metrics can, and gives the time it was answered. */
function slowReading(t0: number, ms: number): () => Promise<number> {
  return () =>
    new Promise((resolve) => {
      setTimeout(() => {
        resolve(performance.now() - t0);
      }, ms);
    });
}

describe("sampleWindow", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("samples from the window's start to its end, however long the readings at either end take", async () => {
    const t0 = performance.now();
    const sampler = recordingSampler(t0);

    const sampled = sampleWindow({ from: t0 + 2_000, to: t0 + 5_000 }, sampler, slowReading(t0, 4_000), new AbortController().signal);
    await vi.advanceTimersByTimeAsync(20_000);

    expect(sampler.events).toEqual(["start at 2000", "stop at 5000"]);
    await expect(sampled).resolves.toEqual({ samples: "samples", atStart: 6_000, atEnd: 9_000 });
  });

  it("when the run is interrupted, closes the window at once", async () => {
    const t0 = performance.now();
    const sampler = recordingSampler(t0);
    const interrupt = new AbortController();

    const sampled = sampleWindow({ from: t0 + 2_000, to: t0 + 5_000 }, sampler, () => Promise.resolve(0), interrupt.signal);
    await vi.advanceTimersByTimeAsync(3_000);
    interrupt.abort();
    await sampled;

    expect(sampler.events).toEqual(["start at 2000", "stop at 3000"]);
  });
});
