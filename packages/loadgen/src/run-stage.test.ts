import { describe, expect, it } from "vitest";
import { interruptLine, RUN_STAGES } from "./run-stage.js";

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
