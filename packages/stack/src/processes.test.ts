import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive, processState, startNodeProcess, startProcess, stateInStat, waitUntilGone } from "./processes.js";
import { holdZombie } from "./test-support/zombie.js";

let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("startProcess", () => {
  it("writes the child's stdout and stderr to its log file, creating the folder", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "logs", "child.log");
    const script = "process.stdout.write('out\\n'); process.stderr.write('err\\n');";

    const child = startProcess("child", process.execPath, ["-e", script], { cwd: dir, logFile });

    expect(await child.exited).toBe(0);
    expect(readFileSync(logFile, "utf8").split("\n").sort()).toEqual(["", "err", "out"]);
  });

  it("hands stdout lines to onLine and still logs stderr", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "child.log");
    const lines: string[] = [];
    const script = "console.log('ready'); console.error('oops');";

    const child = startProcess("child", process.execPath, ["-e", script], { cwd: dir, logFile, onLine: (line) => lines.push(line) });

    expect(await child.exited).toBe(0);
    expect(lines).toEqual(["ready"]);
    await expect.poll(() => readFileSync(logFile, "utf8")).toBe("oops\n");
  });
});

describe("startNodeProcess", () => {
  it("runs the script, which exits by itself when it is done", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const script = join(dir, "done.mjs");
    writeFileSync(script, "console.log('done');");
    const lines: string[] = [];

    const child = startNodeProcess("child", script, { cwd: dir, onLine: (line) => lines.push(line) });

    expect(await child.exited).toBe(0);
    expect(lines).toEqual(["done"]);
  });

  it("stops the child with SIGTERM once the parent's end of its stdin closes, as when the parent dies", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const script = join(dir, "server.mjs");
    writeFileSync(
      script,
      "setInterval(() => undefined, 1000); console.log('up'); process.once('SIGTERM', () => { console.log('terminated'); process.exit(0); });",
    );
    const lines: string[] = [];
    const child = startNodeProcess("child", script, { cwd: dir, onLine: (line) => lines.push(line) });
    await expect.poll(() => lines).toEqual(["up"]);
    const pid = child.child.pid ?? 0;

    // The kernel closes it when the parent dies, whatever kills the parent.
    child.child.stdin?.destroy();

    expect(await child.exited).toBe(0);
    expect(lines).toEqual(["up", "terminated"]);
    expect(isAlive(pid)).toBe(false);
  });
});

describe("isAlive", () => {
  it("reads the state after the command name, even one with spaces and parentheses", () => {
    expect(stateInStat("4242 (tricky) name) Z 1 4242 4242 0 -1")).toBe("Z");
    expect(stateInStat("7 (beam.smp) S 1 7 7 0 -1")).toBe("S");
  });

  it("when a process exited but nobody reaped it, it is dead, though kill(pid, 0) still succeeds", async () => {
    const zombie = await holdZombie();
    try {
      await expect.poll(() => processState(zombie.pid)).toBe("Z");

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
