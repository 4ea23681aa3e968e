import { describe, expect, it } from "vitest";
import { benchResult, phase } from "../../test/result-fixture.js";
import { logRange, logTicks, niceTicks, renderChart } from "./chart.js";

describe("renderChart", () => {
  it("writes an SVG whose elements never repeat an attribute, which browsers refuse to render", () => {
    const svg = renderChart(benchResult());

    expect(svg.startsWith("<svg xmlns='http://www.w3.org/2000/svg'")).toBe(true);
    for (const tag of svg.match(/<[a-z]+ [^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/ ([a-z-]+)=/g)].map((match) => match[1]);
      expect(new Set(names).size, tag).toBe(names.length);
    }
  });

  it("draws a p99 and a p50 line for every max and steady phase, and a bar per country per phase of ours", () => {
    const svg = renderChart(benchResult());

    expect(svg.match(/<polyline /g)).toHaveLength(2 * 5);
    // The legend's samples of each percentile's line.
    expect(svg).toContain(">p99</text>");
    expect(svg).toContain(">p50</text>");
    expect(svg.match(/<rect x=/g)).toHaveLength(3 * 4 + 4);
  });

  it("escapes text, so a label cannot break the markup", () => {
    const result = benchResult([{ ...phase("max", "tickets", 2700, 90), name: "<b>&" }]);

    expect(renderChart(result)).toContain("&lt;b&gt;&amp;");
  });
});

describe("axis ticks", () => {
  it("puts logarithmic ticks at 1, 2 and 5 of each decade in range", () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });

  it("ends the log axis at the nearest 1, 2 or 5 of a decade beyond the values, not at whole decades", () => {
    // The trial's chart: latencies from 1.7 to 130 ms drawn on an axis from 1 to 1,000.
    expect(logRange(1.7, 130)).toEqual({ low: 1, high: 200 });
    expect(logRange(2.4, 43)).toEqual({ low: 2, high: 50 });
    expect(logRange(5, 5)).toEqual({ low: 5, high: 10 });
  });

  it("rounds linear ticks to friendly steps that reach the maximum", () => {
    expect(niceTicks(870)).toEqual([0, 200, 400, 600, 800, 1000]);
    // Whole steps only: the axis prints whole orders per second.
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(12)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(120)).toEqual([0, 25, 50, 75, 100, 125]);
  });
});
