import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const PACKAGE_DIR = join(import.meta.dirname, "..");
const CLI = join(PACKAGE_DIR, "bin", "loadgen.js");
/** Far longer than the setup, far shorter than the phase's 120 s: a run that measured on would be interrupted first. */
const RUN_TIMEOUT_MS = 100_000;

const outDir = mkdtempSync(join(tmpdir(), "loadgen-dead-consumer-"));

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

/** The pids of `parent`'s children whose command line contains `part`. */
function childrenRunning(parent: number, part: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent pid is the fourth field, after the command name in parentheses (which may hold spaces).
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const parentPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return parentPid === parent && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(part);
      } catch {
        return false;
      }
    })
    .map(Number);
}

it("when the consumer dies while a phase measures, the run stops at once, fails naming it, and writes no results", async () => {
  if (!existsSync(join(PACKAGE_DIR, "dist", "cli.js"))) throw new Error("loadgen is not built: run `pnpm build` first");
  const args = ["--scenario", "max", "--no-baseline", "--duration", "120", "--rounds", "1", "--warmup", "0.5", "--connections", "4", "--out", outDir];
  const bench = spawn(process.execPath, [CLI, ...args], { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  bench.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => bench.once("exit", resolve));
  const cutOff = setTimeout(() => bench.kill("SIGINT"), RUN_TIMEOUT_MS);
  try {
    // Without a terminal, each phase prints its label as it begins.
    await expect.poll(() => /^max\s+tickets/m.test(stderr), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(true);
    const [consumer] = childrenRunning(bench.pid ?? 0, join("consumer", "dist", "index.js"));
    expect(consumer, "the bench's consumer process").toBeDefined();
    process.kill(consumer ?? 0, "SIGKILL");

    const code = await exited;

    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/the consumer ended during the run: it was killed by SIGKILL; see \S+consumer\.log/);
    expect(readdirSync(outDir)).toEqual([]);
  } finally {
    clearTimeout(cutOff);
    if (bench.exitCode === null) {
      bench.kill("SIGINT");
      await exited;
    }
  }
});
