import { cpus, loadavg, release, totalmem, type } from "node:os";
import type { MachineInfo } from "./results.js";
import type { Management } from "./probes/management.js";

/** The machine the numbers come from; the load average at the start is filled in at the end too. */
export async function describeMachine(management: Management, loadAtStart: number): Promise<MachineInfo> {
  const overview = (await management.get("api/overview").catch(() => undefined)) as { rabbitmq_version?: string } | undefined;
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    rabbitmq: overview?.rabbitmq_version,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  };
}
