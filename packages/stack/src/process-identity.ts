import { readdirSync, readFileSync } from "node:fs";

// What /proc tells of a process by its pid: whether it still runs, and
// whether it is the same process a pid written down earlier named; and which
// pids it shows.

/**
 * Whether a process with this pid exists (and may be signalled by this user)
 * and has not exited. kill(pid, 0) alone also succeeds for a zombie: a
 * process that exited but that its parent has not reaped. A killed broker
 * VM stays one for good in a container whose PID 1 reaps no orphans.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const state = processState(pid);
  return state === undefined || !EXITED_STATES.has(state);
}

/**
 * One process, told apart from a later one that gets the same pid: a pid
 * written to a file (a lock, a stop marker) may name some other program
 * once its process is gone, after a reboot say.
 */
export interface ProcessIdentity {
  pid: number;
  /** When it started, in clock ticks since boot (/proc/<pid>/stat); absent where /proc does not say. */
  startTime?: number;
}

/** The identity of a running process, to write down and check later with isSameProcessAlive. */
export function identify(pid: number): ProcessIdentity {
  const startTime = processStartTime(pid);
  return startTime === undefined ? { pid } : { pid, startTime };
}

/** Whether the process an identity names still runs: its pid is alive and started when the identity says. */
export function isSameProcessAlive(identity: ProcessIdentity): boolean {
  if (!Number.isInteger(identity.pid) || identity.pid <= 0 || !isAlive(identity.pid)) return false;
  return identity.startTime === undefined || processStartTime(identity.pid) === identity.startTime;
}

function processStartTime(pid: number): number | undefined {
  try {
    return startTimeInStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** The start time field (22nd) of a /proc/<pid>/stat line, counted from the state, the first field after the command name. */
export function startTimeInStat(stat: string): number | undefined {
  const field = stat.slice(stat.lastIndexOf(")") + 1).trim().split(" ")[19];
  const startTime = Number(field);
  return field === undefined || !Number.isInteger(startTime) ? undefined : startTime;
}

/** States of /proc/<pid>/stat that mean the process has exited: zombie, dead. */
const EXITED_STATES = new Set(["Z", "X", "x"]);

/** The state letter in /proc/<pid>/stat ("R", "S", "Z"…), or undefined where /proc does not say. */
export function processState(pid: number): string | undefined {
  try {
    return stateInStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** The state field of a /proc/<pid>/stat line; it follows the command name, whose parentheses may hold spaces and parentheses of their own. */
export function stateInStat(stat: string): string | undefined {
  const [state] = stat.slice(stat.lastIndexOf(")") + 1).trim().split(" ");
  return state === "" ? undefined : state;
}

/** Polls until the process is gone; false if it still lives after timeoutMs. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Every process /proc shows; none where there is no /proc. */
export function processIds(): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
}
