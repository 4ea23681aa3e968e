import { describe, expect, it } from "vitest";
import { renderBar } from "./progress.js";

describe("renderBar", () => {
  it("fills the bar in proportion and shows the status after the percentage", () => {
    expect(renderBar("max", { fraction: 0.5, status: "1500 confirmed/s" }, 10)).toBe("max █████░░░░░  50%  1500 confirmed/s");
  });

  it("clamps a fraction past the end, as while a phase drains", () => {
    expect(renderBar("max", { fraction: 1.4, status: "" }, 4)).toBe("max ████ 100%  ");
  });
});
