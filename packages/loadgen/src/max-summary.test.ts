import { describe, expect, it } from "vitest";
import { phase } from "../test/result-fixture.js";
import { median, summarizeMax } from "./max-summary.js";
import type { PhaseResult, SystemUnderTest } from "./results.js";

function round(system: SystemUnderTest, throughput: number, number: number): PhaseResult {
  return { ...phase("max", system, throughput, 100), name: `round ${number}`, round: number };
}

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe("summarizeMax", () => {
  it("compares each round of ours with the baseline of the same round, and reports the median and the range", () => {
    // Round 2 ran while the machine was busy: both systems slowed, their ratio barely moved.
    const phases = [
      round("baseline", 1000, 1),
      round("tickets", 500, 1),
      round("tickets", 300, 2),
      round("baseline", 640, 2),
      round("baseline", 1100, 3),
      round("tickets", 520, 3),
    ];

    const summary = summarizeMax(phases);

    expect(summary.rounds).toBe(3);
    expect(summary.ceiling).toBe(1000);
    expect(summary.maxThroughput).toBe(500);
    expect(summary.ratio).toBeCloseTo(0.4727, 3);
    expect(summary.ratioRange?.[0]).toBeCloseTo(0.4688, 3);
    expect(summary.ratioRange?.[1]).toBeCloseTo(0.5, 3);
  });

  it("a baseline round that confirmed nothing gives that round no ratio, rather than an infinite one", () => {
    const phases = [round("baseline", 0, 1), round("tickets", 500, 1), round("baseline", 1000, 2), round("tickets", 500, 2)];

    const summary = summarizeMax(phases);

    expect(summary.ratio).toBe(0.5);
    expect(summary.ratioRange).toEqual([0.5, 0.5]);
  });

  it("pairs rounds by their number, not by their place in the list, when one system missed a round", () => {
    const phases = [round("baseline", 1000, 1), round("baseline", 640, 2), round("baseline", 1100, 3), round("tickets", 500, 1), round("tickets", 550, 3)];

    const summary = summarizeMax(phases);

    expect(summary.ratio).toBe(0.5);
    expect(summary.ratioRange).toEqual([0.5, 0.5]);
  });

  it("has no ratio without a baseline", () => {
    const summary = summarizeMax([round("tickets", 500, 1)]);

    expect(summary.maxThroughput).toBe(500);
    expect(summary.ratio).toBeUndefined();
    expect(summary.ratioRange).toBeUndefined();
  });
});
