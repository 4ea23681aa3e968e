import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProcessIdentity } from "../process-identity.js";
import { isSameProcessAlive } from "../process-identity.js";

/**
 * A node's `stopping` file, written before `rabbitmqctl stop` and removed
 * when the stop is over. A graceful stop takes ~10 s, and all that time
 * `rabbitmqctl ping` still succeeds: a start that came meanwhile would
 * take the node for one running and use it, until it was gone a few
 * seconds later. The file tells that start to wait for the stop instead.
 */
export interface StopMarker {
  /**
   * Who is stopping the node: the stack process that ran the stop and the
   * rabbitmqctl it spawned, and those of another stop begun at the same
   * time (a run's Ctrl-C and `pnpm broker:stop`). rabbitmqctl runs in a
   * process group of its own, so a second Ctrl-C ends the stack but not it,
   * and the stop goes on.
   */
  stoppers: ProcessIdentity[];
}

/**
 * Writes the marker whole: to a file of its own, then renamed into place,
 * so that a start reading it never finds it empty or cut short, which it
 * would take for no stop at all.
 */
export function writeStopMarker(path: string, marker: StopMarker): void {
  const written = uniqueName(path);
  try {
    writeFileSync(written, `${JSON.stringify(marker)}\n`);
    renameSync(written, path);
  } finally {
    rmSync(written, { force: true });
  }
}

/**
 * Announces this process's stop: writes the marker, keeping the stoppers of
 * another stop still under way, so that the first of two stops to finish
 * does not end the announcement while the other's rabbitmqctl runs.
 */
export function announceStop(path: string, marker: StopMarker): void {
  const others = readStopMarker(path)?.stoppers.filter((other) => isSameProcessAlive(other) && !includes(marker.stoppers, other)) ?? [];
  writeStopMarker(path, { ...marker, stoppers: [...marker.stoppers, ...others] });
}

/** The marker, or undefined when there is none or it cannot be read. */
export function readStopMarker(path: string): StopMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path, "utf8")) as Partial<StopMarker> | null;
    return Array.isArray(marker?.stoppers) ? { stoppers: marker.stoppers } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the marker unless a stopper other than `ours` (the stoppers of
 * the stop that is ending) still runs: at the end of a stop, and, with
 * none, for a stale marker whose stoppers are all gone. Only a marker read
 * whole is removed. A stop may begin between the read and the removal; so
 * the file is first renamed to a name of this process's own, which takes
 * exactly one version of it, and checked again there: a marker that turns
 * out to be a new stop's is put back (with link, which does not replace a
 * newer one written meanwhile).
 */
export function clearStopMarker(path: string, ours: readonly ProcessIdentity[] = []): void {
  if (!isClearable(readStopMarker(path), ours)) return;
  const aside = uniqueName(path);
  try {
    renameSync(path, aside);
  } catch (error) {
    // Removed by another process meanwhile.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    if (!isClearable(readStopMarker(aside), ours)) linkSync(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

function isClearable(marker: StopMarker | undefined, ours: readonly ProcessIdentity[]): boolean {
  return marker !== undefined && !marker.stoppers.some((stopper) => !includes(ours, stopper) && isSameProcessAlive(stopper));
}

/**
 * The marker while a stop is under way: one of its stoppers still runs.
 * One whose stoppers are all gone is stale (a stop killed with its
 * rabbitmqctl, or a reboot): nothing stops the node any more.
 */
export function stopUnderWay(path: string): StopMarker | undefined {
  const marker = readStopMarker(path);
  return marker?.stoppers.some(isSameProcessAlive) ? marker : undefined;
}

/**
 * Waits until the stop the marker announces is over: no stopper left.
 * rabbitmqctl stop, given the pid file, exits only once the VM is gone, so
 * its ports and its node name are free by then. "timed out" if a stopper
 * still runs after timeoutMs, "aborted" once `signal` aborts.
 */
export async function waitForStop(
  path: string,
  timeoutMs: number,
  options: { pollMs?: number; signal?: AbortSignal } = {},
): Promise<"stopped" | "timed out" | "aborted"> {
  const deadline = Date.now() + timeoutMs;
  while (stopUnderWay(path) !== undefined) {
    if (options.signal?.aborted === true) return "aborted";
    if (Date.now() >= deadline) return "timed out";
    try {
      await sleep(options.pollMs ?? 200, undefined, { signal: options.signal });
    } catch {
      return "aborted";
    }
  }
  return "stopped";
}

function includes(identities: readonly ProcessIdentity[], identity: ProcessIdentity): boolean {
  return identities.some((one) => one.pid === identity.pid && one.startTime === identity.startTime);
}

/** A name beside `path` that no other process or call uses. */
function uniqueName(path: string): string {
  return `${path}.${process.pid}-${randomBytes(4).toString("hex")}`;
}
