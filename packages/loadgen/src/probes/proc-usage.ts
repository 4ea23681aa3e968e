import { readFileSync } from "node:fs";

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

const BYTES_PER_MB = 1024 * 1024;

/** Bytes in MB (MiB), the unit every memory figure of the report is in. */
export function megabytes(bytes: number): number {
  return bytes / BYTES_PER_MB;
}

/** A process's cumulative CPU time and its resident memory at one instant. */
export interface ProcSnapshot {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** performance.now() when read. */
  at: number;
}

/** Reads /proc/<pid>; undefined when the process is gone. */
export function readProc(pid: number): ProcSnapshot | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssKb * 1024, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** CPU a process used between two snapshots, in percent of one core. */
export function cpuPercent(from: ProcSnapshot, to: ProcSnapshot): number {
  const wallSeconds = (to.at - from.at) / 1000;
  return wallSeconds > 0 ? (100 * (to.cpuSeconds - from.cpuSeconds)) / wallSeconds : 0;
}
