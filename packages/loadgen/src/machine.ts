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
