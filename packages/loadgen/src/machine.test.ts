import { describe, expect, it } from "vitest";
import { busyMachineWarning } from "./machine.js";

describe("busyMachineWarning", () => {
  it("stays silent on a quiet machine", () => {
    expect(busyMachineWarning({ loadAverage: 0.4, cpuSomeAvg60: 2, ioSomeAvg60: 0 }, 2)).toBeUndefined();
  });

  it("warns from a load average of half the cores, with the figures", () => {
    expect(busyMachineWarning({ loadAverage: 1, cpuSomeAvg60: undefined, ioSomeAvg60: undefined }, 2)).toBe(
      "Warning: the machine is busy (load average 1.00 on 2 cores): other work takes CPU from the bench, so its figures will be lower and noisier than on a quiet machine.",
    );
  });

  it("warns from 10 % CPU pressure even under a low load average", () => {
    expect(busyMachineWarning({ loadAverage: 0.2, cpuSomeAvg60: 31.5, ioSomeAvg60: 0 }, 2)).toContain("(load average 0.20 on 2 cores, CPU pressure 31.5 %)");
  });
});
