import { spawn } from "node:child_process";
import { join } from "node:path";

/** Why a build did not pass: `turbo`'s own output, above, says what failed. */
export class BuildFailedError extends Error {
  constructor(readonly exitCode: number | null) {
    super(`The build failed (turbo's output above says where); \`pnpm start\` starts nothing until it passes.`);
    this.name = "BuildFailedError";
  }
}

/** The arguments `pnpm start`'s build gives turbo: only the logs of tasks it had to run, as a second run is cached. */
export const BUILD_ARGUMENTS = ["run", "build", "--output-logs=new-only"] as const;

/**
 * Builds every workspace with turbo, its output on this terminal, and
 * resolves once it passed; "stopped" when `signal` aborted it (a Ctrl-C
 * or SIGTERM during the build). `stack start` builds only once it holds
 * the run: a second `pnpm start` would otherwise rebuild the sites the
 * first one serves, for up to a minute, before saying the first one runs.
 * turbo's npm entry is a Node script that runs the native binary and
 * passes it SIGTERM, which is what the abort sends.
 */
export async function buildWorkspaces(root: string, signal: AbortSignal, turboEntry = join(root, "node_modules", "turbo", "bin", "turbo")): Promise<"built" | "stopped"> {
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [turboEntry, ...BUILD_ARGUMENTS], { cwd: root, stdio: ["ignore", "inherit", "inherit"], signal });
    // An abort also emits an AbortError here; the exit that follows it says the rest.
    child.once("error", (error) => {
      if (!signal.aborted) reject(error);
    });
    child.once("close", resolve);
  });
  if (signal.aborted) return "stopped";
  if (exitCode !== 0) throw new BuildFailedError(exitCode);
  return "built";
}
