import { describe, expect, it } from "vitest";
import { FALLBACK_STEADY_RATE, halfOurMaxRate, STEADY_RATE_SOURCES, steadyPace } from "./steady-rate.js";

describe("steadyPace", () => {
  it("runs at half the baseline's ceiling", () => {
    expect(steadyPace(undefined, 3101, 2500)).toEqual({ rate: 1551, source: STEADY_RATE_SOURCES.ceiling });
  });

  it("takes half our own maximum without a baseline", () => {
    expect(steadyPace(undefined, undefined, 2000)).toEqual({ rate: 1000, source: STEADY_RATE_SOURCES.ourMax });
  });

  it("prefers the rate asked for on the command line", () => {
    expect(steadyPace(800, 3000, 2500)).toEqual({ rate: 800, source: STEADY_RATE_SOURCES.requested });
  });

  it("takes half our own maximum when the baseline confirmed nothing", () => {
    expect(steadyPace(undefined, 0, 2000)).toEqual({ rate: 1000, source: STEADY_RATE_SOURCES.ourMax });
  });

  it("falls back to a fixed pace when nothing was measured", () => {
    expect(steadyPace(undefined, undefined, undefined)).toEqual({ rate: FALLBACK_STEADY_RATE, source: STEADY_RATE_SOURCES.fallback });
  });
});

describe("halfOurMaxRate", () => {
  it("is half our maximum when that is well below the steady rate", () => {
    expect(halfOurMaxRate(700, 800)).toBe(350);
  });

  it("is undefined when half our maximum is about the steady rate already, or unknown", () => {
    expect(halfOurMaxRate(1500, 800)).toBeUndefined();
    expect(halfOurMaxRate(undefined, 800)).toBeUndefined();
  });
});
