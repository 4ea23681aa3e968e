import { describe, expect, it } from "vitest";
import type { RunStage } from "./run-stage.js";
import { interruptLine, isLastScenario, RUN_STAGES, stageAfterPhase, watchMeasured } from "./run-stage.js";

describe("interruptLine", () => {
  it("during a phase, says the phase stops", () => {
    expect(interruptLine("SIGINT", RUN_STAGES.measuring, false)).toBe("Interrupted (SIGINT): stopping the current phase and tearing down…");
  });

  it("during setup, says the current step ends first rather than that anything is torn down yet", () => {
    const line = interruptLine("SIGTERM", RUN_STAGES.preparing, false);

    expect(line).toMatch(/^Interrupted \(SIGTERM\): the current step .* ends first/);
    expect(interruptLine("SIGINT", RUN_STAGES.preparing, true)).not.toContain("tearing down the bench node");
  });

  it("once every phase was measured, says the results are kept", () => {
    expect(interruptLine("SIGINT", RUN_STAGES.measured, false)).toContain("the results are kept");
  });

  it("says the teardown is under way only when it is", () => {
    expect(interruptLine("SIGINT", RUN_STAGES.tearingDown, true)).toBe("Still tearing down the bench node…");
  });
});

describe("isLastScenario", () => {
  it("names the last scenario in run order, whatever order they were asked in", () => {
    expect(isLastScenario("flood", ["max", "steady", "flood"])).toBe(true);
    expect(isLastScenario("steady", ["max", "steady", "flood"])).toBe(false);
    expect(isLastScenario("connections", ["connections", "max"])).toBe(true);
  });
});

describe("stageAfterPhase", () => {
  it("once the run's last phase ran to its end, the run is measured; after any other, or one cut short, it is not", () => {
    expect(stageAfterPhase(true, false)).toBe(RUN_STAGES.measured);
    expect(stageAfterPhase(false, false)).toBe(RUN_STAGES.preparing);
    expect(stageAfterPhase(true, true)).toBe(RUN_STAGES.preparing);
  });
});

describe("watchMeasured", () => {
  it("when the interrupt comes after the last phase was measured, while connections still close, the run counts as measured uninterrupted", () => {
    const interrupt = new AbortController();
    const heard: RunStage[] = [];
    const watch = watchMeasured(interrupt.signal, (stage) => heard.push(stage));

    watch.onStage(stageAfterPhase(true, interrupt.signal.aborted));
    interrupt.abort();
    watch.onStage(RUN_STAGES.measured);

    expect(watch.measuredUninterrupted()).toBe(true);
    expect(heard).toEqual([RUN_STAGES.measured, RUN_STAGES.measured]);
  });

  it("when the interrupt comes between phases, so the last never ran, the run is not measured uninterrupted", () => {
    const interrupt = new AbortController();
    const watch = watchMeasured(interrupt.signal, () => undefined);

    watch.onStage(stageAfterPhase(false, false));
    interrupt.abort();
    watch.onStage(RUN_STAGES.measured);

    expect(watch.measuredUninterrupted()).toBe(false);
  });

  it("says nothing before the run is measured", () => {
    const watch = watchMeasured(new AbortController().signal, () => undefined);

    watch.onStage(RUN_STAGES.measuring);

    expect(watch.measuredUninterrupted()).toBeUndefined();
  });
});
