import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive, startNodeProcess, startProcess } from "./processes.js";

let dir: string;

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
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
