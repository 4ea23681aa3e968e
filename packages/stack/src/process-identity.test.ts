import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { identify, isAlive, isSameProcessAlive, processState, startTimeInStat, stateInStat, waitUntilGone } from "./process-identity.js";
import { holdZombie } from "./test-support/zombie.js";

describe("isAlive", () => {
  it("reads the state after the command name, even one with spaces and parentheses", () => {
    expect(stateInStat("4242 (tricky) name) Z 1 4242 4242 0 -1")).toBe("Z");
    expect(stateInStat("7 (beam.smp) S 1 7 7 0 -1")).toBe("S");
  });

  it("when a process exited but nobody reaped it, it is dead, though kill(pid, 0) still succeeds", async () => {
    const zombie = await holdZombie();
    try {
      await expect.poll(() => processState(zombie.pid), { timeout: 10_000 }).toBe("Z");

      expect(() => process.kill(zombie.pid, 0)).not.toThrow();
      expect(isAlive(zombie.pid)).toBe(false);
    } finally {
      await zombie.release();
    }
  });
});

describe("waitUntilGone", () => {
  it("gives up on a process that outlives the timeout, and sees one go that is killed", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => undefined, 1000)"], { stdio: "ignore" });
    const pid = child.pid ?? 0;
    try {
      expect(await waitUntilGone(pid, 100)).toBe(false);

      child.kill("SIGKILL");

      expect(await waitUntilGone(pid, 5000)).toBe(true);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("identify", () => {
  it("reads the start time, the 22nd field, after a command name with spaces and parentheses", () => {
    const stat = "4242 (tricky) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 1 0 987654 12345 67";

    expect(startTimeInStat(stat)).toBe(987654);
    expect(startTimeInStat("4242 (cut short) S 1")).toBeUndefined();
  });

  it("tells the process it wrote down from a later one that got the same pid", () => {
    const identity = identify(process.pid);

    expect(identity.startTime).toEqual(expect.any(Number));
    expect(isSameProcessAlive(identity)).toBe(true);
    expect(isSameProcessAlive({ pid: process.pid, startTime: (identity.startTime ?? 0) + 1 })).toBe(false);
    expect(isSameProcessAlive({ pid: 0 })).toBe(false);
  });
});
