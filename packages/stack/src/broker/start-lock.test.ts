import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StartLockOptions } from "./start-lock.js";
import { acquireStartLock, tryStartLock } from "./start-lock.js";

/** The built module: contention is only real between processes of their own. */
const BUILT_MODULE = pathToFileURL(join(import.meta.dirname, "..", "..", "dist", "broker", "start-lock.js")).href;

/**
 * A start that takes the lock over and over, polling every millisecond, for
 * a while and at least a number of rounds (at nice 19 on a busy machine a
 * while may hold few). It counts the times it found another holder inside
 * with it, and the times it had to wait for one: the proof they contended.
 */
const CONTENDER = `
import { rmSync, writeFileSync } from "node:fs";
import { acquireStartLock } from ${JSON.stringify(BUILT_MODULE)};

const [name, inside, ms, leastRounds] = process.argv.slice(2);
const end = Date.now() + Number(ms);
let rounds = 0, together = 0, waits = 0;
while (Date.now() < end || rounds < Number(leastRounds)) {
  const release = await acquireStartLock(name, { timeoutMs: 60_000, pollMs: 1, onWait: () => { waits += 1; } });
  try { writeFileSync(inside, String(process.pid), { flag: "wx" }); } catch { together += 1; }
  await new Promise((resolve) => setTimeout(resolve, 1));
  rmSync(inside, { force: true });
  release();
  rounds += 1;
}
console.log(JSON.stringify({ rounds, together, waits }));
`;

/** A process that takes the lock, says so, and holds it until it is killed. */
const HOLDER = `
import { acquireStartLock } from ${JSON.stringify(BUILT_MODULE)};

await acquireStartLock(process.argv[2], { timeoutMs: 10_000 });
console.log("holding");
setInterval(() => undefined, 60_000);
`;

/** The lock, taken: these waits have no signal, so they never end without it. */
async function acquired(name: string, options: StartLockOptions): Promise<() => void> {
  const release = await acquireStartLock(name, options);
  if (release === undefined) throw new Error("acquireStartLock gave up without a signal");
  return release;
}

/** Runs a script of the built module in a process of its own; resolves with what it printed once it exits. */
function runScript(path: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // At the lowest priority: they contend with each other, not with the other test files' waits.
    const child = spawn("nice", ["-n", "19", process.execPath, path, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path} exited with ${code}`));
    });
  });
}

let dir: string;
/** Names the lock as a node's folder does: unique to this test. */
let name: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "start-lock-"));
  name = join(dir, "node");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("acquireStartLock", () => {

  it("when another start holds the lock, the next one waits until it is released, saying whom it waits for", async () => {
    const releaseFirst = await acquired(name, { timeoutMs: 10_000 });
    const waitedFor: (number | undefined)[] = [];
    let secondHasIt = false;

    const second = acquired(name, { timeoutMs: 10_000, pollMs: 20, onWait: (holder) => waitedFor.push(holder) }).then((release) => {
      secondHasIt = true;
      return release;
    });
    // Until it has said whom it waits for: the holder's answer comes over a socket, and a release before it would cut it off.
    await expect.poll(() => waitedFor).toHaveLength(1);
    const heldWhileFirstHad = secondHasIt;
    releaseFirst();
    const releaseSecond = await second;

    expect(heldWhileFirstHad).toBe(false);
    expect(waitedFor).toEqual([process.pid]);
    releaseSecond();
  });

  it("the lock of a start that was killed is free at once: the kernel drops it with its process", async () => {
    const script = join(dir, "holder.mjs");
    writeFileSync(script, HOLDER);
    const holder = spawn(process.execPath, [script, name], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once("data", () => {
        resolve();
      });
      holder.once("exit", (code) => {
        reject(new Error(`the holder exited with ${code} before holding the lock`));
      });
    });
    const stillHeld = await acquireStartLock(name, { timeoutMs: 0 }).then(
      () => false,
      () => true,
    );
    const exited = new Promise((resolve) => holder.once("exit", resolve));

    holder.kill("SIGKILL");
    await exited;

    expect(stillHeld).toBe(true);
    const waitedFor: (number | undefined)[] = [];
    const release = await acquired(name, { timeoutMs: 10_000, onWait: (pid) => waitedFor.push(pid) });
    expect(waitedFor).toEqual([]);
    release();
  });

  it("when the holder keeps the lock past the timeout, it fails, naming the holder and the lock", async () => {
    const release = await acquired(name, { timeoutMs: 10_000 });
    try {
      await expect(acquired(name, { timeoutMs: 200, pollMs: 20 })).rejects.toThrow(`Another start (pid ${process.pid}) still holds the start lock of ${name}`);
    } finally {
      release();
    }
  });

  it("when a stop is requested while it waits, it gives up at once without taking the lock", async () => {
    const releaseFirst = await acquired(name, { timeoutMs: 10_000 });
    const stop = new AbortController();
    try {
      // Its next look would come after the test's own timeout: only the abort can end the wait in time.
      const second = acquireStartLock(name, { timeoutMs: 120_000, pollMs: 60_000, signal: stop.signal });
      await new Promise((resolve) => setTimeout(resolve, 100));

      stop.abort();

      expect(await second).toBeUndefined();
    } finally {
      releaseFirst();
    }
  });

  it("locks of different nodes do not wait for each other", async () => {
    const release = await acquired(name, { timeoutMs: 10_000 });
    try {
      const other = await acquired(join(dir, "other-node"), { timeoutMs: 0 });
      other();
    } finally {
      release();
    }
  });

  it("when three starts contend for it, no two ever hold it together", async () => {
    const script = join(dir, "contender.mjs");
    writeFileSync(script, CONTENDER);
    const inside = join(dir, "inside");

    const outputs = await Promise.all([1, 2, 3].map(() => runScript(script, [name, inside, "3000", "40"])));

    const counts = outputs.map((output) => JSON.parse(output) as { rounds: number; together: number; waits: number });
    expect(counts.reduce((total, count) => total + count.together, 0)).toBe(0);
    expect(counts.reduce((total, count) => total + count.waits, 0)).toBeGreaterThan(0);
  }, 60_000);
});

describe("tryStartLock", () => {
  it("takes a free lock; while it is held, a second try names the holder instead of waiting or taking it; once released, it is free again", async () => {
    const first = await tryStartLock(name);
    const second = await tryStartLock(name);
    if ("release" in first) first.release();
    const third = await tryStartLock(name);
    if ("release" in third) third.release();

    expect("release" in first).toBe(true);
    expect(second).toEqual({ holderPid: process.pid });
    expect("release" in third).toBe(true);
  });
});
