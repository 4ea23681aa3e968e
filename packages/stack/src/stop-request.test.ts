import type { ChildProcess, ChildProcessByStdio } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { isAlive, waitUntilGone } from "./process-identity.js";
import { OUTPUT_GONE, PARENT_GONE, QUIT_NOW } from "./stop-request.js";

/** The built module, as the CLI runs it: signals are only real in a process of their own. */
const BUILT_MODULE = pathToFileURL(join(import.meta.dirname, "..", "dist", "stop-request.js")).href;

/**
 * Waits for a stop request as the CLI does, then, as a stop does, goes on
 * writing to stdout and stderr for a while. It writes down the reason in a
 * file, since its output may go nowhere.
 */
const WAITER = `
import { writeFileSync } from "node:fs";
import { StopRequest } from ${JSON.stringify(BUILT_MODULE)};

const stop = new StopRequest((line) => process.stdout.write(line + "\\n"));
// Signal listeners do not keep Node running; the CLI's children do. A chatty waiter writes while it waits, as the CLI
// does with the consumer's log lines.
const chatty = process.argv[4] === "chatty";
const busy = setInterval(() => { if (chatty) console.log("still waiting"); }, chatty ? 50 : 1000);
console.log("waiting");
const reason = await stop.received;
clearInterval(busy);
const steps = Number(process.argv[3] ?? 3);
for (let step = 1; step <= steps; step += 1) {
  console.log("stopping, step " + step);
  console.error("stopping, step " + step);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
writeFileSync(process.argv[2] + ".signal", String(stop.signal.aborted));
writeFileSync(process.argv[2], reason);
`;

interface Waiter {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it wrote to stdout while the pipe was open. */
  stdout: () => string;
  /** Where it writes the reason it stopped for. */
  reasonFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: string | undefined;

/** A waiter whose shell was killed: nobody else would end it if the test fails. */
let orphan: number | undefined;
/** Waiters the test in hand started: one the code under test fails to stop must not outlive the test. */
const waiters: ChildProcess[] = [];

afterEach(() => {
  if (orphan !== undefined && isAlive(orphan)) process.kill(orphan, "SIGKILL");
  orphan = undefined;
  for (const waiter of waiters.splice(0)) if (waiter.exitCode === null && waiter.signalCode === null) waiter.kill("SIGKILL");
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Starts the waiter, whose stop takes `stopSteps` × 50 ms, and resolves once it listens for the signals. */
async function startWaiter(stopSteps = 3, chatty = false): Promise<Waiter> {
  dir = mkdtempSync(join(tmpdir(), "stack-stop-request-"));
  const script = join(dir, "waiter.mjs");
  writeFileSync(script, WAITER);
  const reasonFile = join(dir, "reason");
  const child = spawn(process.execPath, [script, reasonFile, String(stopSteps), chatty ? "chatty" : "quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  waiters.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("close", (code, signal) => { resolve({ code, signal }); });
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => { stdout += chunk; });
  child.stderr.resume();
  await expect.poll(() => stdout, { timeout: 10_000 }).toContain("waiting\n");
  return { child, stdout: () => stdout, reasonFile, exited };
}

/**
 * Starts the waiter as the child of a shell that does not wait for it, as
 * `pnpm start` runs the stack under `sh -c`. Resolves with the shell, to
 * kill, and the waiter's pid once it listens.
 */
async function startWaiterUnderShell(): Promise<{ shell: ChildProcessByStdio<null, Readable, Readable>; waiterPid: number; stdout: () => string }> {
  dir = mkdtempSync(join(tmpdir(), "stack-stop-request-"));
  const script = join(dir, "waiter.mjs");
  writeFileSync(script, WAITER);
  const shell = spawn("sh", ["-c", '"$@" & echo "pid $!"; wait', "sh", process.execPath, script, join(dir, "reason")], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  shell.stdout.setEncoding("utf8").on("data", (chunk: string) => { stdout += chunk; });
  shell.stderr.resume();
  await expect.poll(() => stdout, { timeout: 10_000 }).toContain("waiting\n");
  return { shell, waiterPid: Number(/^pid (\d+)$/m.exec(stdout)?.[1]), stdout: () => stdout };
}

describe("StopRequest", () => {
  it("when the process that started it dies without passing a signal on (pnpm's shell under SIGTERM), it is a stop request", async () => {
    const { shell, waiterPid, stdout } = await startWaiterUnderShell();
    const reasonFile = join(dir ?? "", "reason");
    orphan = waiterPid;

    shell.kill("SIGKILL");

    await expect.poll(() => existsSync(reasonFile), { timeout: 10_000 }).toBe(true);
    expect(await waitUntilGone(waiterPid, 10_000)).toBe(true);
    expect(readFileSync(reasonFile, "utf8")).toBe(PARENT_GONE);
    expect(stdout()).toMatch(/\nThe process that started this one \(pid \d+\) is gone: stopping…\n/);
  });

  it("when the terminal closes (SIGHUP), it is a stop request, and the stop completes though the output is gone", async () => {
    const waiter = await startWaiter();
    // What a closed terminal does to the output: every later write fails.
    waiter.child.stdout.destroy();
    waiter.child.stderr.destroy();

    waiter.child.kill("SIGHUP");

    expect(await waiter.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(waiter.reasonFile, "utf8")).toBe("terminal closed");
  });

  it("on a Ctrl-C after the reader of its output is gone (the tee of `pnpm start | tee`, which the Ctrl-C ends too), the stop completes", async () => {
    const waiter = await startWaiter();
    waiter.child.stdout.destroy();
    waiter.child.stderr.destroy();

    waiter.child.kill("SIGINT");

    expect(await waiter.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(waiter.reasonFile, "utf8")).toBe("Ctrl-C");
  });

  it("when its output can no longer be written (`pnpm start | head`, once head has its lines), it is a stop request, and the stop completes", async () => {
    const waiter = await startWaiter(3, true);

    waiter.child.stdout.destroy();

    expect(await waiter.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(waiter.reasonFile, "utf8")).toBe(OUTPUT_GONE);
  });

  it("announces the first Ctrl-C (SIGINT) as a stop, aborts its signal, and lets the process finish its stop", async () => {
    const waiter = await startWaiter();

    waiter.child.kill("SIGINT");

    expect(await waiter.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(waiter.reasonFile, "utf8")).toBe("Ctrl-C");
    expect(readFileSync(`${waiter.reasonFile}.signal`, "utf8")).toBe("true");
    expect(waiter.stdout()).toContain("\nCtrl-C: stopping…\n");
  });

  it("on a Ctrl-C during the stop, quits at once, saying what it leaves behind", async () => {
    const waiter = await startWaiter(200);
    waiter.child.kill("SIGINT");
    await expect.poll(() => waiter.stdout(), { timeout: 10_000 }).toContain("stopping, step 1\n");

    waiter.child.kill("SIGINT");

    expect(await waiter.exited).toEqual({ code: null, signal: "SIGINT" });
    expect(waiter.stdout()).toContain(`\nCtrl-C during the stop: ${QUIT_NOW}\n`);
    expect(existsSync(waiter.reasonFile)).toBe(false);
  });

  it("when the terminal hangs up twice, as bash and then the kernel do when it closes, the stop still completes", async () => {
    const waiter = await startWaiter(40);
    waiter.child.kill("SIGHUP");
    await expect.poll(() => waiter.stdout(), { timeout: 10_000 }).toContain("stopping, step 1\n");

    waiter.child.kill("SIGHUP");

    expect(await waiter.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(waiter.reasonFile, "utf8")).toBe("terminal closed");
    expect(waiter.stdout()).not.toContain("during the stop");
  });
});
