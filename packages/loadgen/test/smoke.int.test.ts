import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchResult } from "../src/results.js";
import { findPhase, HALF_OUR_MAX, SYSTEMS } from "../src/results.js";

const PACKAGE_DIR = join(import.meta.dirname, "..");
const CLI = join(PACKAGE_DIR, "bin", "loadgen.js");
/** Well inside the hook's 180 s: on time-out the run gets Ctrl-C, which still tears its node and consumer down. */
const RUN_TIMEOUT_MS = 140_000;

/**
 * The built CLI end to end, as `pnpm bench` runs it, but for a second per
 * phase and a few dozen connections: it boots its own node and consumer,
 * runs every scenario and writes the three files. Numbers are not asserted
 * (performance is for the benchmark itself), only that it measured something
 * real and reported it.
 */
describe("loadgen smoke run", () => {
  let outDir: string | undefined;
  let run: { code: number | null; stdout: string; stderr: string };
  let result: BenchResult | undefined;

  /** The run's results: a failed run is named with its stderr rather than left to an undefined read. */
  function finished(): { outDir: string; result: BenchResult } {
    expect(run.code, run.stderr).toBe(0);
    if (outDir === undefined || result === undefined) throw new Error("the run exited 0 but its results were not read");
    return { outDir, result };
  }

  beforeAll(async () => {
    if (!existsSync(join(PACKAGE_DIR, "dist", "cli.js"))) throw new Error("loadgen is not built: run `pnpm build` first");
    const out = mkdtempSync(join(tmpdir(), "loadgen-smoke-"));
    outDir = out;
    const args = ["--duration", "1", "--rounds", "2", "--warmup", "0.5", "--connections", "8", "--idle-connections", "24", "--buyers", "8", "--out", out];
    run = await new Promise((resolve) => {
      const options = { cwd: PACKAGE_DIR, maxBuffer: 16 * 1024 * 1024, timeout: RUN_TIMEOUT_MS, killSignal: "SIGINT" } as const;
      execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) => {
        const timedOut = error?.killed === true ? `\nthe smoke run did not finish within ${RUN_TIMEOUT_MS / 1000} s` : "";
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr: stderr + timedOut });
      });
    });
    if (run.code === 0) result = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as BenchResult;
  });

  afterAll(() => {
    // Unset when beforeAll failed before making it: its error is the one to see.
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  });

  it("finishes and prints the comparison with the broker's ceiling", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("| max: confirmed orders/s, median of 2 rounds |");
    expect(run.stdout).toContain("Where the gap goes:");
  });

  it("confirms orders in every phase, with no connection errors", () => {
    const { result } = finished();
    // Ours at half its own maximum runs only when that is well below half the ceiling, which a one-second run cannot promise.
    const names = result.phases.filter((phase) => phase.name !== HALF_OUR_MAX).map((phase) => `${phase.scenario} ${phase.system}`);
    expect(names).toEqual([
      "max baseline",
      "max web-stomp echo",
      "max tickets",
      "max tickets",
      "max web-stomp echo",
      "max baseline",
      "steady baseline",
      "steady tickets",
      "flood tickets",
      "flood tickets",
      "connections tickets",
    ]);
    for (const phase of result.phases) {
      expect(phase.confirmed, `${phase.scenario} ${phase.system}`).toBeGreaterThan(0);
      expect(phase.errors, `${phase.scenario} ${phase.system}`).toBe(0);
      expect(phase.latency.p50).toBeGreaterThan(0);
    }
  });

  it("measures the ceiling, the consumer's resources and the held connections", () => {
    const { result } = finished();
    expect(result.comparison.ceiling).toBeGreaterThan(0);
    expect(result.comparison.webStompEcho).toBeGreaterThan(0);
    // The Web-STOMP echo's browsers reach it with the site logins, which may do so on this node only.
    expect(result.nodeChanges.filter((change) => change.includes("bench.purchases"))).toHaveLength(4);
    expect(result.comparison.ratio).toBeGreaterThan(0);
    const ours = findPhase(result.phases, { scenario: "max", system: SYSTEMS.tickets });
    expect(ours?.resources.consumer?.rssMaxMb).toBeGreaterThan(0);
    expect(result.connections).toMatchObject({ requested: 24, opened: 24, held: 24 });
    expect(result.targets.map((target) => target.name)).toEqual(["max", "steady", "connections", "flood"]);
  });

  it("writes the Markdown report and the chart", () => {
    const { outDir } = finished();
    expect(readFileSync(join(outDir, "results.md"), "utf8")).toContain("## Ours against the broker's ceiling");
    expect(readFileSync(join(outDir, "chart.svg"), "utf8")).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });
});
