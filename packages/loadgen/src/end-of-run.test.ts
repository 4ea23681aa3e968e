import { describe, expect, it } from "vitest";
import { benchResult } from "../test/result-fixture.js";
import { endOfRun, EXIT, INTERRUPTED_NOTICE } from "./end-of-run.js";

describe("endOfRun", () => {
  it("when the run finished, writes the three files and prints the summary", () => {
    const end = endOfRun({ interrupted: false, result: benchResult() });

    expect(end.code).toBe(EXIT.ok);
    expect(Object.keys(end.files)).toEqual(["results.json", "results.md", "chart.svg"]);
    expect(end.report).toContain("| max: confirmed orders/s |");
    expect(end.notice).toBeUndefined();
  });

  it("when the run was interrupted, writes no file, prints no number and says why", () => {
    const end = endOfRun({ interrupted: true });

    expect(end).toEqual({ code: EXIT.interrupted, files: {}, report: "", notice: INTERRUPTED_NOTICE });
    expect(end.notice).toMatch(/^Interrupted: no results written/);
  });
});
