import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { ProcessIdentity } from "../processes.js";
import { isSameProcessAlive } from "../processes.js";

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
   * rabbitmqctl it spawned. rabbitmqctl runs in a process group of its own,
   * so a second Ctrl-C ends the stack but not it, and the stop goes on.
   */
  stoppers: ProcessIdentity[];
  /** The VM being stopped, when its pid file named it. */
  vm?: ProcessIdentity;
}

export function writeStopMarker(path: string, marker: StopMarker): void {
  writeFileSync(path, `${JSON.stringify(marker)}\n`);
}

/** The marker, or undefined when there is none or it cannot be read (a stopper killed while writing it). */
export function readStopMarker(path: string): StopMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path, "utf8")) as Partial<StopMarker>;
    return Array.isArray(marker.stoppers) ? { stoppers: marker.stoppers, ...(marker.vm !== undefined && { vm: marker.vm }) } : undefined;
  } catch {
    return undefined;
  }
}

export function removeStopMarker(path: string): void {
  rmSync(path, { force: true });
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
 * its ports and its node name are free by then. False if a stopper still
 * runs after timeoutMs.
 */
export async function waitForStop(path: string, timeoutMs: number, pollMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (stopUnderWay(path) !== undefined) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
