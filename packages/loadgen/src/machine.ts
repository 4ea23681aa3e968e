import { readFileSync } from "node:fs";
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

/** CPU pressure (percent of the last minute some task waited for a core) from which the machine is too busy to measure on. */
const BUSY_CPU_PRESSURE = 10;

/**
 * A warning for the terminal when other work already loads the machine: a
 * load average of half the cores or more, or CPU pressure of 10 % or more.
 * The bench shares the cores with that work, and its figures move with it;
 * the report says so too, but only once the run is over.
 */
export function busyMachineWarning(pressure: Pressure, cores: number): string | undefined {
  const loaded = pressure.loadAverage >= cores / 2;
  const pressed = (pressure.cpuSomeAvg60 ?? 0) >= BUSY_CPU_PRESSURE;
  if (!loaded && !pressed) return undefined;
  const cpu = pressure.cpuSomeAvg60 === undefined ? "" : `, CPU pressure ${pressure.cpuSomeAvg60.toFixed(1)} %`;
  return `Warning: the machine is busy (load average ${pressure.loadAverage.toFixed(2)} on ${cores} cores${cpu}): other work takes CPU from the bench, so its figures will be lower and noisier than on a quiet machine.`;
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
