import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import type { Management } from "./probes/management.js";
import type { MachineInfo, Pressure } from "./results.js";

/** One PSI file's "some avg60": the share of the last minute in which some task waited for the resource. */
function someAvg60(resource: "cpu" | "io"): number | undefined {
  try {
    const line = readFileSync(`/proc/pressure/${resource}`, "utf8").split("\n").find((each) => each.startsWith("some "));
    const value = Number(/avg60=([\d.]+)/.exec(line ?? "")?.[1]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** How contended the machine is right now: the load average and, where the kernel has PSI, CPU and I/O pressure. */
export function readPressure(): Pressure {
  return { loadAverage: loadavg()[0] ?? 0, cpuSomeAvg60: someAvg60("cpu"), ioSomeAvg60: someAvg60("io") };
}

/** The share of the cores other work kept busy, from which the machine is too busy to measure on. */
const BUSY_SHARE = 0.25;

/** The cumulative busy and total CPU time of every core, from /proc/stat's first line (in clock ticks). */
export function cpuTimes(stat: string): { busy: number; total: number } | undefined {
  const fields = /^cpu\s+(.*)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number);
  if (fields === undefined || fields.length < 5 || fields.some((value) => !Number.isFinite(value))) return undefined;
  // user nice system idle iowait irq softirq steal …: idle and iowait are the time no task ran.
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * The share of all cores that other work kept busy over the next `ms`,
 * measured before the bench starts anything (it sleeps meanwhile);
 * undefined without /proc/stat. Measured rather than read from the load
 * average or PSI, whose minute still holds the build `pnpm bench` runs
 * just before.
 */
export async function otherWorkShare(ms = 1_000, readStat = () => readFileSync("/proc/stat", "utf8")): Promise<number | undefined> {
  try {
    const before = cpuTimes(readStat());
    await sleep(ms);
    const after = cpuTimes(readStat());
    if (before === undefined || after === undefined || after.total <= before.total) return undefined;
    return (after.busy - before.busy) / (after.total - before.total);
  } catch {
    return undefined;
  }
}

/**
 * A warning for the terminal when other work already keeps a quarter of
 * the cores or more busy: the bench shares them with it, and its figures
 * move with it. The report says how loaded the machine was, but only once
 * the run is over.
 */
export function busyMachineWarning(busyShare: number | undefined, cores: number): string | undefined {
  if (busyShare === undefined || busyShare < BUSY_SHARE) return undefined;
  return `Warning: other work kept ${Math.round(busyShare * 100)} % of the ${cores} cores busy just before the bench started: it takes CPU from the bench, so the figures will be lower and noisier than on a quiet machine.`;
}

/** The machine the numbers come from, with its contention at the start (given) and now. */
export async function describeMachine(management: Management, atStart: Pressure): Promise<MachineInfo> {
  const overview = (await management.get("api/overview").catch(() => undefined)) as { rabbitmq_version?: string } | undefined;
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    rabbitmq: overview?.rabbitmq_version,
    pressure: { start: atStart, end: readPressure() },
  };
}
