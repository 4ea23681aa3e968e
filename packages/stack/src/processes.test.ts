import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startProcess } from "./processes.js";

describe("startProcess", () => {
  let dir: string;

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

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
