import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isAlive } from "./process-identity.js";
import type { ManagedProcess } from "./processes.js";
import { allStarted, startNodeProcess, startProcess, stopUnlessReady, waitForHttp } from "./processes.js";

let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
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
    const [header, ...lines] = readFileSync(logFile, "utf8").split("\n");
    expect(header).toMatch(/^--- child started \d{4}-\d\d-\d\dT[\d:.]+Z ---$/);
    expect(lines.sort()).toEqual(["", "err", "out"]);
  });

  it("appends each run to the log file after a line of its own, so the last run is easy to find", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "child.log");

    for (const run of ["first", "second"]) expect(await startProcess("child", process.execPath, ["-e", `console.log('${run}')`], { cwd: dir, logFile }).exited).toBe(0);

    expect(readFileSync(logFile, "utf8")).toMatch(/^--- child started .+ ---\nfirst\n--- child started .+ ---\nsecond\n$/);
  });

  it("hands stdout lines to onLine and writes both streams to the log", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "child.log");
    const lines: string[] = [];
    const script = "console.log('ready'); console.error('oops');";

    const child = startProcess("child", process.execPath, ["-e", script], { cwd: dir, logFile, onLine: (line) => lines.push(line) });

    expect(await child.exited).toBe(0);
    expect(lines).toEqual(["ready"]);
    await expect.poll(() => readFileSync(logFile, "utf8").split("\n").slice(1).sort()).toEqual(["", "oops", "ready"]);
  });

  it("a log that can no longer be written is given up with one warning, the child's stderr shown here instead: the child runs on and its lines are still handed over", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "child.log");
    const terminal = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const lines: string[] = [];
    const script = "setTimeout(() => { console.log('ready'); console.error('oops'); }, 100);";

    const child = startProcess("child", process.execPath, ["-e", script], { cwd: dir, logFile, onLine: (line) => lines.push(line) });
    // Before the log's stream opens it: a folder now stands where the file was, and no write can reach it.
    rmSync(logFile);
    mkdirSync(logFile);

    expect(await child.exited).toBe(0);
    expect(lines).toEqual(["ready"]);
    await expect.poll(() => terminal.mock.calls.map(([chunk]) => String(chunk)).join("")).toContain("oops");
    const warnings = terminal.mock.calls.map(([chunk]) => String(chunk)).filter((text) => text.includes("can no longer be written"));
    expect(warnings).toEqual([expect.stringContaining(`child's log ${logFile} can no longer be written`)]);
  });

  it("says how the child ended: nothing while it runs, then its exit code or the signal that killed it", async () => {
    const failing = startProcess("failing", process.execPath, ["-e", "process.exit(3)"], { cwd: tmpdir() });
    const killed = server("killed");

    expect(killed.howItEnded()).toBeUndefined();
    await killed.stop("SIGKILL");
    await failing.exited;

    expect(failing.howItEnded()).toBe("exited with 3");
    expect(killed.howItEnded()).toBe("was killed by SIGKILL");
  });

  it("a failed kill (an 'error' event while the child runs) is no end: the child still runs, and a stop that cannot kill it gives up after its grace", async () => {
    const running = server("unkillable");
    await new Promise<void>((resolve) => running.child.once("spawn", () => { resolve(); }));
    const kill = vi.spyOn(running.child, "kill").mockImplementation(() => {
      running.child.emit("error", Object.assign(new Error("kill EPERM"), { code: "EPERM" }));
      return false;
    });
    vi.useFakeTimers();
    try {
      const stopping = running.stop();
      await vi.advanceTimersByTimeAsync(15_000);

      expect(await stopping).toBeNull();
      expect(kill.mock.calls.map(([signal]) => signal)).toEqual(["SIGTERM", "SIGKILL"]);
      expect(running.howItEnded()).toBeUndefined();
    } finally {
      vi.useRealTimers();
      kill.mockRestore();
    }
  });

  it("says a command that does not exist could not be started, and stopping it resolves at once", async () => {
    const missing = startProcess("missing", "/nonexistent/command", [], { cwd: tmpdir() });

    expect(await missing.exited).toBe(-1);
    expect(missing.howItEnded()).toBe("could not be started");
    expect(await missing.stop()).toBe(-1);
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

  it("passes its arguments to the script", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const script = join(dir, "args.mjs");
    writeFileSync(script, "console.log(process.argv.slice(2).join(' '));");
    const lines: string[] = [];

    const child = startNodeProcess("child", script, { cwd: dir, args: ["preview", "--port", "5171"], onLine: (line) => lines.push(line) });

    expect(await child.exited).toBe(0);
    expect(lines).toEqual(["preview --port 5171"]);
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

/** Servers started by the test in hand: only the code under test stops them, so one that fails leaves them to afterEach. */
const servers: ManagedProcess[] = [];

afterEach(() => {
  for (const { child } of servers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** A child that runs until stopped, as a server does. */
function server(name: string): ManagedProcess {
  const started = startProcess(name, process.execPath, ["-e", "setInterval(() => undefined, 1000)"], { cwd: tmpdir() });
  servers.push(started);
  return started;
}

describe("allStarted", () => {
  it("when one process fails to start, it stops the others that did and reports the failure", async () => {
    const fr = server("site-fr");
    const gb = server("site-gb");

    const starting = allStarted([Promise.resolve(fr), Promise.reject(new Error("site-de did not answer")), Promise.resolve(gb)]);

    await expect(starting).rejects.toThrow("site-de did not answer");
    expect(fr.child.exitCode ?? fr.child.signalCode).not.toBeNull();
    expect(gb.child.exitCode ?? gb.child.signalCode).not.toBeNull();
  });

  it("when all start, it returns them all, running", async () => {
    const children = [server("site-fr"), server("site-de")];
    try {
      const started = await allStarted(children.map((child) => Promise.resolve(child)));

      expect(started).toEqual(children);
      for (const child of started) expect(child.child.exitCode).toBeNull();
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  });
});

describe("stopUnlessReady", () => {
  it("stops a child that never became ready, which its caller never received and could not stop", async () => {
    const child = server("site-es");

    await expect(stopUnlessReady(child, Promise.reject(new Error("http://127.0.0.1:1/ did not answer")))).rejects.toThrow("did not answer");

    expect(child.child.signalCode).toBe("SIGTERM");
  });
});

describe("waitForHttp", () => {
  it("when the process dies before its URL answers, it says where the process's log is", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "site-fr.log");
    const site = startProcess("site-fr", process.execPath, ["-e", "console.error('Port 5171 is already in use'); process.exit(1);"], { cwd: dir, logFile });

    const waiting = waitForHttp("http://127.0.0.1:1/", { process: site, timeoutMs: 10_000 });

    await expect(waiting).rejects.toThrow(`site-fr exited before http://127.0.0.1:1/ answered (its log: ${logFile})`);
  });

  it("a stop request ends the wait at once rather than at its deadline", async () => {
    const stop = new AbortController();
    // A deadline far past the test's own timeout: only the stop can end the wait in time.
    const waiting = waitForHttp("http://127.0.0.1:1/", { timeoutMs: 600_000, signal: stop.signal });

    setTimeout(() => { stop.abort(); }, 300);

    await expect(waiting).rejects.toThrow("process: the wait for http://127.0.0.1:1/ was stopped");
  });

  it("when the URL does not answer 2xx in time, it names the process and its log", async () => {
    dir = mkdtempSync(join(tmpdir(), "stack-processes-"));
    const logFile = join(dir, "consumer.log");
    const consumer = startProcess("consumer", process.execPath, ["-e", "setTimeout(() => {}, 5000);"], { cwd: dir, logFile });

    try {
      await expect(waitForHttp("http://127.0.0.1:1/", { process: consumer, timeoutMs: 500 })).rejects.toThrow(
        `consumer: http://127.0.0.1:1/ did not answer 2xx within 0.5 s (its log: ${logFile})`,
      );
    } finally {
      await consumer.stop();
    }
  });
});
