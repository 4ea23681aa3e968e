import { spawn } from "node:child_process";
import { join } from "node:path";

/** Why a build did not pass: turbo's own output, above, says what failed. */
export class BuildFailedError extends Error {
  constructor(exitCode: number | null) {
    super(`The build failed (turbo exited with ${exitCode ?? "a signal"}; its output above says where): \`pnpm start\` starts nothing until it passes.`);
    this.name = "BuildFailedError";
  }
}

/** The arguments `pnpm start`'s build gives turbo: only the logs of tasks it had to run, as a second run is cached. */
export const BUILD_ARGUMENTS = ["run", "build", "--output-logs=new-only"] as const;

/**
 * How long a stop request leaves turbo to stop by itself before it is sent
 * SIGTERM. A Ctrl-C or a closed terminal reaches turbo as well as the stack
 * (one foreground process group), and turbo takes a second signal as
 * leave to force-kill its tasks; a SIGTERM sent to the stack alone reaches
 * only the stack, and is passed on after this wait.
 */
const BUILD_STOP_GRACE_MS = 3_000;

/**
 * Builds every workspace with turbo, its output on this terminal, and
 * resolves once it passed; "stopped" when `signal` aborted it (a Ctrl-C
 * or SIGTERM during the build). `stack start` builds only once it holds
 * the run: a second `pnpm start` would otherwise rebuild the sites the
 * first one serves, for up to a minute, before saying the first one runs.
 * turbo's npm entry is a Node script that runs the native binary and
 * passes it SIGTERM.
 */
export async function buildWorkspaces(
  root: string,
  signal: AbortSignal,
  turboEntry = join(root, "node_modules", "turbo", "bin", "turbo"),
  graceMs = BUILD_STOP_GRACE_MS,
): Promise<"built" | "stopped"> {
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [turboEntry, ...BUILD_ARGUMENTS], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    let terminate: NodeJS.Timeout | undefined;
    const onStop = () => {
      terminate = setTimeout(() => child.kill("SIGTERM"), graceMs);
    };
    if (signal.aborted) onStop();
    else signal.addEventListener("abort", onStop, { once: true });
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(terminate);
      signal.removeEventListener("abort", onStop);
      resolve(code);
    });
  });
  if (signal.aborted) return "stopped";
  if (exitCode !== 0) throw new BuildFailedError(exitCode);
  return "built";
}
