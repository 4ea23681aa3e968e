import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identify, waitUntilGone } from "../processes.js";
import { readStopMarker, stopUnderWay, waitForStop, writeStopMarker } from "./stop-marker.js";

describe("a node's stop marker", () => {
  let dir: string;
  let marker: string;
  const started: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "stop-marker-"));
    marker = join(dir, "stopping");
  });

  afterEach(() => {
    for (const child of started.splice(0)) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  /** Stands in for a rabbitmqctl stop still running. */
  function startStopper(): ChildProcess & { pid: number } {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    started.push(child);
    return child as ChildProcess & { pid: number };
  }

  /** A stopper that has come and gone, as a stop killed with its rabbitmqctl leaves it. */
  async function goneStopper(): Promise<number> {
    const child = startStopper();
    child.kill("SIGKILL");
    await waitUntilGone(child.pid, 5000);
    return child.pid;
  }

  it("while one of its stoppers runs, a stop is under way, though the process that began it is gone", async () => {
    const ctl = startStopper();
    writeStopMarker(marker, { stoppers: [{ pid: await goneStopper() }, identify(ctl.pid)], vm: { pid: 4242 } });

    expect(stopUnderWay(marker)).toEqual(readStopMarker(marker));
    expect(readStopMarker(marker)?.vm).toEqual({ pid: 4242 });
  });

  it("when every stopper is gone, the marker is stale: no stop is under way", async () => {
    writeStopMarker(marker, { stoppers: [{ pid: await goneStopper() }] });

    expect(stopUnderWay(marker)).toBeUndefined();
  });

  it("without a marker, or with one a killed stopper left unreadable, no stop is under way", () => {
    expect(stopUnderWay(marker)).toBeUndefined();
    writeFileSync(marker, '{"stoppers": [{"pid"');
    expect(stopUnderWay(marker)).toBeUndefined();
  });

  it("waits until the last stopper is gone", async () => {
    const ctl = startStopper();
    writeStopMarker(marker, { stoppers: [identify(ctl.pid)] });
    setTimeout(() => ctl.kill("SIGKILL"), 300);

    const begun = Date.now();
    expect(await waitForStop(marker, 10_000, 20)).toBe(true);
    expect(Date.now() - begun).toBeGreaterThanOrEqual(250);
  });

  it("when the stop outlasts the wait, it says so instead of waiting on", async () => {
    writeStopMarker(marker, { stoppers: [identify(startStopper().pid)] });

    expect(await waitForStop(marker, 200, 20)).toBe(false);
  });
});
