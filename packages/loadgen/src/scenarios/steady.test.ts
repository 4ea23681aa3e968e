import { describe, expect, it } from "vitest";
import { FALLBACK_STEADY_RATE, halfOurMaxRate, steadyRate } from "./steady.js";

describe("steadyRate", () => {
  it("runs at half the baseline's ceiling", () => {
    expect(steadyRate(undefined, 3101, 2500)).toBe(1551);
  });

  it("takes half our own maximum without a baseline", () => {
    expect(steadyRate(undefined, undefined, 2000)).toBe(1000);
  });

  it("prefers the rate asked for on the command line", () => {
    expect(steadyRate(800, 3000, 2500)).toBe(800);
  });

  it("falls back to a fixed pace when nothing was measured", () => {
    expect(steadyRate(undefined, undefined, undefined)).toBe(FALLBACK_STEADY_RATE);
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
