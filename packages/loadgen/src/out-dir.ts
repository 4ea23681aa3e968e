import { accessSync, constants, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";

/**
 * Why the results could not be written to `outDir`, or undefined when they
 * can: the folder is there and writable, or the nearest folder above it
 * that exists is (the run creates the rest). Asked before the run, which
 * takes minutes: a file in its place or a folder the user may not write
 * to would otherwise lose the whole run at its end.
 */
export function outDirProblem(outDir: string): string | undefined {
  let path = resolve(outDir);
  for (;;) {
    // ENOTDIR: a file stands above it; the walk up finds and names that file.
    let stats;
    try {
      stats = statSyncOrNothing(path);
    } catch (error) {
      return `${path} cannot be looked at by this user (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    if (stats !== undefined) {
      if (!stats.isDirectory()) return `${path} is not a folder`;
      try {
        // Making a folder in it takes search (x) as well as write permission.
        accessSync(path, constants.W_OK | constants.X_OK);
      } catch {
        return `${path} is not writable by this user`;
      }
      return undefined;
    }
    const parent = dirname(path);
    if (parent === path) return `no folder of ${outDir} exists`;
    path = parent;
  }
}

/** A written file's path as the user would type it: relative to here when it lies below, else absolute. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const fromHere = relative(cwd, path);
  if (fromHere === "") return ".";
  return fromHere.startsWith("..") || isAbsolute(fromHere) ? path : fromHere;
}

function statSyncOrNothing(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
