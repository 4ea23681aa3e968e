import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProcessIdentity } from "../processes.js";
import { identify } from "../processes.js";
import { acquireStartLock } from "./start-lock.js";

/** The pid of a process that has come and gone, and been reaped. */
function deadPid(): number {
  return Number(spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim());
}

describe("acquireStartLock", () => {
  let dir: string;
  let lock: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "start-lock-"));
    lock = join(dir, "starting");
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("when another start holds the lock, the next one waits until it is released, saying whom it waits for", async () => {
    const releaseFirst = await acquireStartLock(lock, { timeoutMs: 10_000 });
    const waitedFor: ProcessIdentity[] = [];
    let secondHasIt = false;

    const second = acquireStartLock(lock, { timeoutMs: 10_000, pollMs: 20, onWait: (holder) => waitedFor.push(holder) }).then((release) => {
      secondHasIt = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heldWhileFirstHad = secondHasIt;
    releaseFirst();
    const releaseSecond = await second;

    expect(heldWhileFirstHad).toBe(false);
    expect(waitedFor).toEqual([identify(process.pid)]);
    releaseSecond();
    expect(existsSync(lock)).toBe(false);
  });

  it("a lock left by a start that was killed is taken over at once", async () => {
    writeFileSync(lock, JSON.stringify({ pid: deadPid() }));
    const waitedFor: ProcessIdentity[] = [];

    const release = await acquireStartLock(lock, { timeoutMs: 10_000, onWait: (holder) => waitedFor.push(holder) });

    expect(waitedFor).toEqual([]);
    expect(JSON.parse(readFileSync(lock, "utf8"))).toEqual(identify(process.pid));
    release();
  });

  it("a lock whose pid now names a later process (after a reboot, say) is taken over too", async () => {
    const self = identify(process.pid);
    writeFileSync(lock, JSON.stringify({ pid: self.pid, startTime: (self.startTime ?? 0) - 1 }));

    const release = await acquireStartLock(lock, { timeoutMs: 10_000 });

    expect(JSON.parse(readFileSync(lock, "utf8"))).toEqual(self);
    release();
  });

  it("when the holder keeps the lock past the timeout, it fails, naming the holder and the lock", async () => {
    const release = await acquireStartLock(lock, { timeoutMs: 10_000 });
    try {
      await expect(acquireStartLock(lock, { timeoutMs: 200, pollMs: 20 })).rejects.toThrow(`Another start (pid ${process.pid}) still holds ${lock}`);
    } finally {
      release();
    }
  });
});
