import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { processState } from "../process-identity.js";
import { commandLineOf } from "./node-processes.js";

/** A child of a shell that will not reap it until released: once it exits, it stays a zombie. */
export interface Unreaped {
  pid: number;
  /** Lets the shell reap the child (waiting for it if it still runs) and exit. */
  release(): Promise<void>;
}

/** How long the held command may take to start; a loaded machine may take seconds. */
const EXEC_WAIT_MS = 10_000;

/**
 * Runs a command whose exit nobody reaps until release(), as a daemon's
 * exit goes unreaped in a container whose PID 1 reaps no orphans. A shell
 * blocked in `read` does not reap its background job until `wait`; ending
 * its input gets it there, so the zombie goes away again rather than being
 * left to such a PID 1.
 */
export async function startUnreaped(command: readonly string[]): Promise<Unreaped> {
  const shell = spawn("sh", ["-c", '"$@" & echo $!; read _; kill -9 $! 2>/dev/null; wait', "sh", ...command], {
    stdio: ["pipe", "pipe", "ignore"],
  });
  const exited = new Promise((resolve) => shell.once("exit", resolve));
  shell.stdout.setEncoding("utf8");
  const pid = await new Promise<number>((resolve, reject) => {
    shell.stdout.once("data", (line: string) => { resolve(Number(line.trim())); });
    shell.once("error", reject);
  });
  // The pid is the shell's fork until it execs the command: the fork's command line (`sh -c … <command>`) names every
  // argument of the command too, so a test that looks the process up by its arguments could find the fork and act on
  // it (measured under load: a destroy() that took it for no VM, and left the VM it became running).
  // Its command line reads empty for a moment during the exec itself. A script's would name its interpreter: not for those.
  const deadline = Date.now() + EXEC_WAIT_MS;
  while (commandLineOf(pid)[0] !== command[0]) {
    const state = processState(pid);
    if (state === undefined || state === "Z") throw new Error(`${command.join(" ")} exited before it could be held`);
    if (Date.now() > deadline) throw new Error(`${command[0] ?? ""} was not running as pid ${pid} after ${EXEC_WAIT_MS / 1000} s`);
    await sleep(10);
  }
  // Once the shell sleeps, after printing the pid, it is blocked in `read`: a child that exits from then on stays unreaped.
  // Before that, a shell still running its script would reap it before its next command.
  for (let state = processState(shell.pid ?? 0); state !== "S"; state = processState(shell.pid ?? 0)) {
    if (state === undefined || state === "Z") throw new Error(`the shell holding ${command.join(" ")} exited`);
    await sleep(10);
  }
  return {
    pid,
    async release() {
      shell.stdin.end();
      await exited;
    },
  };
}

/** A process that has exited and that nobody reaps until released: killed once its shell no longer would. */
export async function holdZombie(): Promise<Unreaped> {
  const unreaped = await startUnreaped(["sleep", "30"]);
  process.kill(unreaped.pid, "SIGKILL");
  return unreaped;
}
