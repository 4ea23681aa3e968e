import { describe, expect, it } from "vitest";
import { benchResult } from "../test/result-fixture.js";
import { CUT_SHORT_NOTICE, endOfRun, EXIT, NOT_RUN_NOTICE, runEnding } from "./end-of-run.js";
import { RUN_STAGES } from "./run-stage.js";

describe("endOfRun", () => {
  it("when the run finished, writes the three files and prints the summary", () => {
    const end = endOfRun({ interrupted: false, result: benchResult() });

    expect(end.code).toBe(EXIT.ok);
    expect(Object.keys(end.files)).toEqual(["results.json", "results.md", "chart.svg"]);
    expect(end.report).toContain("| max: confirmed orders/s |");
    expect(end.notice).toBeUndefined();
  });

  it("when a phase was cut short, writes no file, prints no number and says why", () => {
    const end = endOfRun({ interrupted: true, cutShort: true });

    expect(end).toEqual({ code: EXIT.interrupted, files: {}, report: "", notice: CUT_SHORT_NOTICE });
    expect(end.notice).toMatch(/^Interrupted: no results written/);
  });

  it("when interrupted while no phase was sending, writes nothing and does not claim a phase was cut short", () => {
    const end = endOfRun({ interrupted: true, cutShort: false });

    expect(end.code).toBe(EXIT.interrupted);
    expect(end.files).toEqual({});
    expect(end.notice).toBe(NOT_RUN_NOTICE);
    expect(end.notice).toContain("No phase was cut short");
  });
});

describe("runEnding", () => {
  const result = benchResult();

  it("when nothing interrupted the run, keeps its result", () => {
    expect(runEnding({ result }, undefined)).toEqual({ interrupted: false, result });
  });

  it.each([RUN_STAGES.measured, RUN_STAGES.tearingDown])("when the interrupt came once every phase was measured (%s), keeps the result", (stage) => {
    expect(runEnding({ result }, stage)).toEqual({ interrupted: false, result });
  });

  it("when the interrupt came during a phase, the run is interrupted with a phase cut short", () => {
    expect(runEnding({ result }, RUN_STAGES.measuring)).toEqual({ interrupted: true, cutShort: true });
  });

  it("when the interrupt came during setup or between phases, the run is interrupted with nothing cut short, even if a step then gave up", () => {
    expect(runEnding({ error: new Error("interrupted during setup") }, RUN_STAGES.preparing)).toEqual({ interrupted: true, cutShort: false });
  });

  it.each([undefined, RUN_STAGES.tearingDown])("when the run failed on its own, interrupted %s or not, throws its error", (stage) => {
    const failure = new Error("the consumer exited");

    expect(() => runEnding({ error: failure }, stage)).toThrow(failure);
  });
});
