import type { ChildProcess, StdioOptions } from "node:child_process";
import { spawn } from "node:child_process";
import type { WriteStream } from "node:fs";
import { appendFileSync, closeSync, createWriteStream, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A child process the stack started and must stop again. */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Where its output goes, stdout and stderr (with onLine too); where to look when it dies. */
  readonly logFile?: string;
  /** Resolves with the exit code: null when killed by a signal, -1 when it could not be started at all (spawn's error). */
  readonly exited: Promise<number | null>;
  /**
   * Sends the signal (SIGTERM unless told otherwise) and waits for the exit;
   * SIGKILL after STOP_GRACE_MS. Resolves null then if even SIGKILL cannot
   * be sent (a child this process may not signal), rather than wait forever.
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** How it ended, for a message ("exited with 1", "was killed by SIGKILL", "could not be started"); undefined while it runs. */
  howItEnded(): string | undefined;
}

export interface StartProcessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go, appended after a line that says when this run began; inherited from this process when absent. */
  logFile?: string;
  /** Called with each stdout line, which still goes to logFile too. */
  onLine?: (line: string) => void;
  /** A pipe from this process as the child's stdin (startNodeProcess); otherwise none, or the terminal's when output is inherited. */
  stdin?: "pipe";
}

export interface StartNodeProcessOptions extends StartProcessOptions {
  /** Flags for Node itself, before the script; for those NODE_OPTIONS refuses, such as --cpu-prof. */
  nodeArgs?: readonly string[];
  /** Arguments for the script, after its path. */
  args?: readonly string[];
}

/** How long stop() waits after its signal before it kills: longer than the consumer's own 10 s shutdown deadline. */
const STOP_GRACE_MS = 15_000;

/**
 * Preloaded into the Node children of startNodeProcess. Their stdin is a
 * pipe from this process that nobody writes to: it ends only when this
 * process is gone, however it went (Ctrl-C, SIGKILL, a crash). The child
 * then stops as if told to, with SIGTERM and its own graceful shutdown,
 * instead of living on as an orphan that keeps reconnecting to its broker's
 * old port, where a later test node may be listening. Unref'd, so it never
 * keeps a finished child alive. A data: URL, so it needs no file of its own
 * whether this module runs built or from source.
 */
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  [
    "const stop = () => process.kill(process.pid, 'SIGTERM');",
    "process.stdin.once('end', stop);",
    "process.stdin.once('error', stop);",
    "process.stdin.resume();",
    "process.stdin.unref();",
  ].join(""),
)}`;

/**
 * Starts a Node script that stops by itself when this process dies, however
 * it dies: the stack's services must not outlive an interrupted test run.
 */
export function startNodeProcess(name: string, script: string, options: StartNodeProcessOptions): ManagedProcess {
  const args = ["--import", EXIT_WITH_PARENT, ...(options.nodeArgs ?? []), script, ...(options.args ?? [])];
  return startProcess(name, process.execPath, args, { ...options, stdin: "pipe" });
}

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: StartProcessOptions,
): ManagedProcess {
  if (options.logFile !== undefined) startLog(options.logFile, name);
  const stdio = stdioFor(options);
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio });
  // spawn has given the child its own copy of the log file's descriptor.
  if (Array.isArray(stdio) && typeof stdio[1] === "number") closeSync(stdio[1]);
  if (options.onLine !== undefined) {
    const log = options.logFile === undefined ? undefined : openLineLog(name, options.logFile, child);
    forwardLines(child, options.onLine, log);
  }
  let ending: string | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => {
      ending = code === null ? `was killed by ${signal ?? "a signal"}` : `exited with ${code}`;
      resolve(code);
    });
    // Also emitted when a kill fails: only a child without a pid was never started.
    child.on("error", () => {
      if (child.pid !== undefined) return;
      ending = "could not be started";
      resolve(-1);
    });
  });
  return {
    name,
    child,
    ...(options.logFile !== undefined && { logFile: options.logFile }),
    exited,
    async stop(signal = "SIGTERM") {
      if (ending !== undefined) return exited;
      child.kill(signal);
      let giveUp: () => void = () => undefined;
      const unkillable = new Promise<null>((resolve) => {
        giveUp = () => { resolve(null); };
      });
      const timer = setTimeout(() => {
        if (!child.kill("SIGKILL") && ending === undefined) giveUp();
      }, STOP_GRACE_MS);
      const code = await Promise.race([exited, unkillable]);
      clearTimeout(timer);
      return code;
    },
    howItEnded: () => ending,
  };
}

/**
 * A log file without a line callback is handed to the child as its stdout
 * and stderr, so its output never passes through this process: a busy
 * consumer's log would otherwise cost the parent CPU (the load generator's,
 * in a benchmark).
 */
function stdioFor(options: StartProcessOptions): StdioOptions {
  const stdin = options.stdin ?? "ignore";
  // Without a log file, stderr goes to the terminal: a pipe nobody read would block the child once full.
  if (options.onLine !== undefined) return [stdin, "pipe", options.logFile === undefined ? "inherit" : "pipe"];
  // A child that shares this terminal shares its input too.
  if (options.logFile === undefined) return [options.stdin ?? "inherit", "inherit", "inherit"];
  const fd = openSync(options.logFile, "a");
  return [stdin, fd, fd];
}

/** Opens a run in the log file, creating its folder: files are appended to run after run, and a reader looks for the last. */
function startLog(logFile: string, name: string): void {
  mkdirSync(dirname(logFile), { recursive: true });
  appendFileSync(logFile, `--- ${name} started ${new Date().toISOString()} ---\n`);
}

/**
 * The log of a child whose stdout lines this process reads (onLine): its
 * stderr is piped in here, its stdout written by forwardLines. A log that
 * can no longer be written (a full disk, say) is given up with one warning,
 * and the child's stderr shows on this terminal from then on: an unhandled
 * write error would crash the whole stack, and a stderr pipe left unread
 * would block the child once full.
 */
function openLineLog(name: string, logFile: string, child: ChildProcess): WriteStream {
  const log = createWriteStream(logFile, { flags: "a" });
  // Two streams write to it: it ends once both have ended.
  child.stderr?.pipe(log, { end: false });
  child.once("close", () => log.end());
  let failed = false;
  log.on("error", (error) => {
    if (failed) return;
    failed = true;
    child.stderr?.unpipe(log);
    child.stderr?.pipe(process.stderr, { end: false });
    process.stderr.write(`${name}'s log ${logFile} can no longer be written (${error.message}): its output shows here from now on.\n`);
  });
  return log;
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void, log: WriteStream | undefined): void {
  let pending = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    if (log?.writable === true) log.write(chunk);
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line !== "") onLine(line);
  });
}

/**
 * Starts processes side by side and returns them all; if any fails to
 * start, stops the ones that did and throws. Promise.all would drop them on
 * the first failure, left running with nobody to stop them.
 */
export async function allStarted(starting: readonly Promise<ManagedProcess>[]): Promise<ManagedProcess[]> {
  const results = await Promise.allSettled(starting);
  const started = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
  if (failures.length === 0) return started;
  await Promise.allSettled(started.map((child) => child.stop()));
  const messages = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
  throw new AggregateError(failures, messages.join("\n"));
}

/**
 * Waits for a child to become ready; if it does not, stops it before the
 * error reaches a caller, who never received the child and so cannot.
 */
export async function stopUnlessReady(child: ManagedProcess, ready: Promise<void>): Promise<void> {
  try {
    await ready;
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Where to read why a process died, for a message about its death; empty when it has no log file. */
export function logHint(child: ManagedProcess | undefined): string {
  return child?.logFile === undefined ? "" : ` (its log: ${child.logFile})`;
}

/**
 * Polls an HTTP URL until it answers 2xx, the process dies, the time is up,
 * or `signal` aborts (a stop request: a consumer that never gets ready
 * would otherwise hold a SIGTERM for a minute).
 */
export async function waitForHttp(url: string, options: { timeoutMs?: number; process?: ManagedProcess; signal?: AbortSignal } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const state = { exited: false };
  void options.process?.exited.then(() => { state.exited = true; });
  const name = options.process?.name ?? "process";
  while (Date.now() < deadline) {
    if (state.exited) throw new Error(`${name} exited before ${url} answered${logHint(options.process)}`);
    if (options.signal?.aborted === true) throw new Error(`${name}: the wait for ${url} was stopped`);
    // A server that accepts but never answers must not hold the wait past its deadline, nor past a stop.
    const timeout = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    try {
      const response = await fetch(url, { signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200, undefined, { signal: options.signal }).catch(() => undefined);
  }
  // Up but not ready (a consumer whose queues refuse it answers 503) reads the same: its log says why.
  throw new Error(`${options.process?.name ?? "process"}: ${url} did not answer 2xx within ${timeoutMs / 1000} s${logHint(options.process)}`);
}
