import { spawn } from "node:child_process";

/** A child of a shell that will not reap it until released: once it exits, it stays a zombie. */
export interface Unreaped {
  pid: number;
  /** Lets the shell reap the child (waiting for it if it still runs) and exit. */
  release(): Promise<void>;
}

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
  return {
    pid,
    async release() {
      shell.stdin.end();
      await exited;
    },
  };
}

/**
 * A process that exits on its own and that nobody reaps until released. It
 * lives a moment first: the shell reaps a child that is already gone before
 * it runs its next command, and only blocked in `read` does it let it be.
 */
export function holdZombie(): Promise<Unreaped> {
  return startUnreaped(["sleep", "0.5"]);
}
