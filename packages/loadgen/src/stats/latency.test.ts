import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./latency.js";

describe("summarize", () => {
  it("reports nearest-rank percentiles, so every figure is a latency that was measured", () => {
    const latencies = Array.from({ length: 100 }, (_, index) => index + 1);

    const summary = summarize(latencies);

    expect(summary).toEqual({ count: 100, mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it("rounds a rank that falls between samples up, never to the nearest: the p95 of 12 samples (rank 11.4) is the 12th", () => {
    const latencies = Array.from({ length: 12 }, (_, index) => index + 1);

    const summary = summarize(latencies);

    expect(summary).toEqual({ count: 12, mean: 6.5, p50: 6, p95: 12, p99: 12, max: 12 });
  });

  it("sorts numerically, not as text", () => {
    expect(summarize([9, 10, 100]).p50).toBe(10);
  });

  it("gives NaN, not 0, for no samples: nothing measured is not instant", () => {
    expect(summarize([])).toEqual({ count: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN });
  });

  it("takes the single sample for any percentile of one", () => {
    expect(percentile(Float64Array.from([7]), 0.99)).toBe(7);
  });
});
