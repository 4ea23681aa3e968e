import { describe, expect, it } from "vitest";
import { busyMachineWarning, cpuTimes, otherWorkShare } from "./machine.js";

describe("cpuTimes", () => {
  it("counts idle and iowait as idle, the rest of the first eight fields as busy", () => {
    expect(cpuTimes("cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n")).toEqual({ busy: 160, total: 1000 });
  });

  it("reads nothing from a file without the summary line", () => {
    expect(cpuTimes("intr 1 2 3\n")).toBeUndefined();
  });
});

describe("otherWorkShare", () => {
  it("is the busy share of the CPU time that passed between two readings", async () => {
    const readings = ["cpu  100 0 0 900 0 0 0 0\n", "cpu  160 0 0 940 0 0 0 0\n"];

    expect(await otherWorkShare(0, () => readings.shift() ?? "")).toBeCloseTo(0.6);
  });
});

describe("busyMachineWarning", () => {
  it("stays silent on a quiet machine, or when nothing could be measured", () => {
    expect(busyMachineWarning(0.1, 2)).toBeUndefined();
    expect(busyMachineWarning(undefined, 2)).toBeUndefined();
  });

  it("warns from a quarter of the cores kept busy, with the figures", () => {
    expect(busyMachineWarning(0.63, 2)).toBe(
      "Warning: other work kept 63 % of the 2 cores busy just before the bench started: it takes CPU from the bench, so the figures will be lower and noisier than on a quiet machine.",
    );
  });
});
