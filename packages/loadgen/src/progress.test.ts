import { describe, expect, it } from "vitest";
import { fitBar, renderBar } from "./progress.js";

describe("renderBar", () => {
  it("fills the bar in proportion and shows the status after the percentage", () => {
    expect(renderBar("max", { fraction: 0.5, status: "1500 confirmed/s" }, 10)).toBe("max █████░░░░░  50%  1500 confirmed/s");
  });

  it("clamps a fraction past the end, as while a phase drains", () => {
    expect(renderBar("max", { fraction: 1.4, status: "" }, 4)).toBe("max ████ 100%  ");
  });
});

describe("fitBar", () => {
  const view = { fraction: 0.4, status: "measuring · 1,478/s now · 0 failed" };
  const label = "max         tickets        round 1".padEnd(46);

  it("leaves the whole line to a terminal wide enough, or one that reports no width", () => {
    expect(fitBar(label, view, 200)).toBe(renderBar(label, view));
    expect(fitBar(label, view, 0)).toBe(renderBar(label, view));
    expect(fitBar(label, view, undefined)).toBe(renderBar(label, view));
  });

  it("in 80 columns, drops the label's padding and narrows the bar, keeping the whole status", () => {
    expect(fitBar(label, view, 80)).toBe("max tickets round 1 ████░░░░░░  40%  measuring · 1,478/s now · 0 failed");
  });

  it("narrower, shortens the label before the status; narrower still, shows the percent and status alone, cut to fit", () => {
    expect(fitBar(label, view, 68)).toBe("max tickets ro… ████░░░░░░  40%  measuring · 1,478/s now · 0 failed");
    expect(fitBar(label, view, 45)).toBe("40%  measuring · 1,478/s now · 0 failed");
    expect(fitBar(label, view, 30)).toBe("40%  measuring · 1,478/s now ");
  });
});
