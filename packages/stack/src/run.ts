import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Whether it was killed for outliving its timeout. */
  timedOut: boolean;
}

export interface RunOptions {
  /** Kills the command, with whatever it started, once it has run this long. */
  timeoutMs?: number;
  /** Called with the command's pid once it runs: a caller may write it down for other processes (BrokerNode.stop's marker). */
  onSpawn?: (pid: number) => void;
}

/**
 * Runs a command to completion and returns its output; never throws for a
 * non-zero exit. With timeoutMs, a command still running then is killed,
 * with whatever it started, and counts as failed. The command gets a
 * process group of its own: a Ctrl-C in the terminal goes to the whole
 * foreground group, and must reach only the stack, which decides what to
 * stop, instead of cutting off a `rabbitmqctl wait` or an `apt-get install`
 * halfway.
 */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => { stderr += chunk; });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 1, stdout, stderr: stderr || error.message, timedOut });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, timedOut });
    });
  });
}

/** SIGKILLs a process group; rabbitmqctl is a shell script whose Erlang VM is its child. */
function killGroup(leader: number | undefined): void {
  if (leader === undefined) return;
  try {
    process.kill(-leader, "SIGKILL");
  } catch {
    // Gone already.
  }
}
