import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identify, waitUntilGone } from "../process-identity.js";
import { announceStop, clearStopMarker, readStopMarker, stopUnderWay, waitForStop, writeStopMarker } from "./stop-marker.js";

/** The built module, for a writer in a process of its own. */
const BUILT_MODULE = pathToFileURL(join(import.meta.dirname, "..", "..", "dist", "broker", "stop-marker.js")).href;

/** Rewrites a marker over and over, as a stop does when it spawns rabbitmqctl, until killed. */
const REWRITER = `
import { writeStopMarker } from ${JSON.stringify(BUILT_MODULE)};

const [marker] = process.argv.slice(2);
const stoppers = Array.from({ length: 200 }, (_, index) => ({ pid: process.pid, startTime: index }));
for (;;) writeStopMarker(marker, { stoppers });
`;

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
    const stoppers = [{ pid: await goneStopper() }, identify(ctl.pid)];
    writeStopMarker(marker, { stoppers });

    expect(stopUnderWay(marker)).toEqual({ stoppers });
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
    expect(await waitForStop(marker, 10_000, { pollMs: 20 })).toBe("stopped");
    expect(Date.now() - begun).toBeGreaterThanOrEqual(250);
  });

  it("when the stop outlasts the wait, it says so instead of waiting on", async () => {
    writeStopMarker(marker, { stoppers: [identify(startStopper().pid)] });

    expect(await waitForStop(marker, 200, { pollMs: 20 })).toBe("timed out");
  });

  it("when a stop is requested while it waits, it stops waiting at once", async () => {
    writeStopMarker(marker, { stoppers: [identify(startStopper().pid)] });
    const stop = new AbortController();
    // Its next look would come after the test's own timeout: only the abort can end the wait in time.
    const waiting = waitForStop(marker, 120_000, { pollMs: 60_000, signal: stop.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));

    stop.abort();

    expect(await waiting).toBe("aborted");
  });

  it("while a stop rewrites its marker, a start reading it never finds it missing or cut short", async () => {
    const script = join(dir, "rewriter.mjs");
    writeFileSync(script, REWRITER);
    const rewriter = spawn(process.execPath, [script, marker], { stdio: "ignore" });
    started.push(rewriter);
    await expect.poll(() => existsSync(marker), { timeout: 10_000 }).toBe(true);

    let misread = 0;
    const end = Date.now() + 1500;
    for (let reads = 0; Date.now() < end || reads < 1000; reads += 1) if (readStopMarker(marker) === undefined) misread += 1;

    expect(misread).toBe(0);
  });

  it("a start removes a stale marker, but neither a stop's under way nor one it cannot read whole", async () => {
    const live = { stoppers: [identify(startStopper().pid)] };
    writeStopMarker(marker, live);
    clearStopMarker(marker);
    expect(readStopMarker(marker)).toEqual(live);

    writeFileSync(marker, '{"stoppers": [{"pid"');
    clearStopMarker(marker);
    expect(existsSync(marker)).toBe(true);

    writeStopMarker(marker, { stoppers: [{ pid: await goneStopper() }] });
    clearStopMarker(marker);
    expect(existsSync(marker)).toBe(false);
    clearStopMarker(marker);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("when two stops begin together, the first to end leaves the marker to the other, whose rabbitmqctl still runs", () => {
    const first = [identify(process.pid)];
    const other = [identify(startStopper().pid), identify(startStopper().pid)];
    announceStop(marker, { stoppers: first });
    announceStop(marker, { stoppers: other });

    clearStopMarker(marker, first);

    expect(stopUnderWay(marker)?.stoppers).toEqual(expect.arrayContaining(other));
  });

  it("a stop that ends last removes the marker, though the other stop's entries are still in it", async () => {
    const first = [{ pid: await goneStopper() }];
    const last = [identify(process.pid)];
    announceStop(marker, { stoppers: first });
    announceStop(marker, { stoppers: last });

    clearStopMarker(marker, last);

    expect(existsSync(marker)).toBe(false);
  });
});
