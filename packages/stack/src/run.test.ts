import { describe, expect, it } from "vitest";
import { waitUntilGone } from "./process-identity.js";
import { run } from "./run.js";

describe("run", () => {
  it("returns a failed command's output and exit code instead of throwing", async () => {
    const result = await run("sh", ["-c", "echo out; echo err >&2; exit 3"]);

    expect(result).toEqual({ code: 3, stdout: "out\n", stderr: "err\n", timedOut: false });
  });

  it("runs the command in a process group of its own, which a Ctrl-C sent to the terminal's group does not reach", async () => {
    const result = await run("sh", ["-c", "echo $$ $(ps -o pgid= -p $$)"]);

    const [pid, group] = result.stdout.trim().split(/\s+/).map(Number);
    expect(group).toBe(pid);
    expect(group).not.toBe(process.pid);
  });

  it("hands the command's pid to onSpawn while it runs, so a caller can write it down", async () => {
    let spawned: number | undefined;

    const result = await run("sh", ["-c", "echo $$"], process.env, { onSpawn: (pid) => { spawned = pid; } });

    expect(spawned).toBe(Number(result.stdout.trim()));
  });

  it("when the command outlives its timeout, it is killed with what it started, and fails", async () => {
    // Long enough for the shell to print its child's pid on a loaded machine: without it, nothing below could be checked.
    const result = await run("sh", ["-c", "sleep 30 & echo $!; wait"], process.env, { timeoutMs: 2000 });

    expect(result.code).not.toBe(0);
    expect(result.timedOut).toBe(true);
    expect(result.stdout.trim()).toMatch(/^\d+$/);
    expect(await waitUntilGone(Number(result.stdout.trim()), 5000)).toBe(true);
  });
});
