import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { ProcessIdentity } from "../processes.js";
import { identify, isSameProcessAlive } from "../processes.js";

/** A lock file with no holder written in it yet is being written; older than this, its writer was killed in between. */
const UNWRITTEN_LOCK_GRACE_MS = 5000;

export interface StartLockOptions {
  /** How long to wait for a live holder before giving up. */
  timeoutMs: number;
  /** Called once, when the lock is found held by a live process, before waiting for it. */
  onWait?: (holder: ProcessIdentity) => void;
  pollMs?: number;
}

/**
 * Takes a node's start lock, waiting while another live process holds it,
 * and returns the function that releases it. Two starts of one node a few
 * seconds apart would each find it not running and each boot a VM; the
 * loser's VM dies on the node name, but its start reports "started" all
 * the same, and that run's Ctrl-C then stops the winner's node. Held from
 * the running check until the boot is over, the lock makes the second start
 * wait and then find the node running. The file (created with O_EXCL, so
 * one creator wins) holds the holder's pid: a holder that was killed
 * leaves it behind, and the next start takes it over.
 */
export async function acquireStartLock(path: string, options: StartLockOptions): Promise<() => void> {
  const self = JSON.stringify(identify(process.pid));
  const deadline = Date.now() + options.timeoutMs;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(path, self, { flag: "wx" });
      return () => { releaseIfOurs(path, self); };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(path);
    if (holder === "gone") {
      // A killed holder's lock: taken over. Two starts taking over the same one at the same moment could both win; that needs a start killed first.
      rmSync(path, { force: true });
      continue;
    }
    if (holder !== "unwritten" && !announced) {
      options.onWait?.(holder);
      announced = true;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Another start (pid ${holder === "unwritten" ? "unknown" : holder.pid}) still holds ${path} after ${options.timeoutMs / 1000} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

/** Who holds the lock: a live process, "gone" when the file names a dead one (or went away), "unwritten" while its creator is writing it. */
function lockHolder(path: string): ProcessIdentity | "gone" | "unwritten" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return "gone";
  }
  try {
    const holder = JSON.parse(text) as ProcessIdentity;
    return isSameProcessAlive(holder) ? holder : "gone";
  } catch {
    return isOlderThan(path, UNWRITTEN_LOCK_GRACE_MS) ? "gone" : "unwritten";
  }
}

function isOlderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return true;
  }
}

/** Removes the lock unless it is no longer ours, taken over by a start that thought this process gone. */
function releaseIfOurs(path: string, self: string): void {
  try {
    if (readFileSync(path, "utf8") === self) rmSync(path, { force: true });
  } catch {
    // Gone already: a reset deleted the node's folder.
  }
}
