import type { ProcSnapshot } from "./proc-usage.js";
import { cpuPercent, megabytes, readProc } from "./proc-usage.js";
import type { QueueDepths } from "./queue-depths.js";

export const SAMPLE_INTERVAL_MS = 500;

/** One process's use of the machine over a phase. */
export interface ProcessUsage {
  /** Average, in percent of one core (200 % is both cores of this machine). */
  cpuPercent: number;
  rssMaxMb: number;
  rssEndMb: number;
}

/** Queue depths at one instant, seconds after the sampling began. */
export interface DepthSample {
  t: number;
  depths: Record<string, number>;
}

export interface Samples {
  processes: Record<string, ProcessUsage>;
  depths: DepthSample[];
}

/**
 * Samples processes' CPU and memory from /proc and queue depths from the
 * broker twice a second over a phase's measured window (`sampleWindow`).
 */
export class Sampler {
  private readonly first = new Map<string, ProcSnapshot>();
  private readonly last = new Map<string, ProcSnapshot>();
  private readonly rssMax = new Map<string, number>();
  private readonly depths: DepthSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private startedAt = 0;

  constructor(
    private readonly pids: Record<string, number | undefined>,
    private readonly queueDepths: QueueDepths,
    private readonly queues: readonly string[],
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, SAMPLE_INTERVAL_MS);
  }

  async stop(): Promise<Samples> {
    clearInterval(this.timer);
    this.sample();
    await this.reading;
    const processes: Record<string, ProcessUsage> = {};
    for (const [name, first] of this.first) {
      const last = this.last.get(name) ?? first;
      processes[name] = {
        cpuPercent: cpuPercent(first, last),
        rssMaxMb: megabytes(this.rssMax.get(name) ?? 0),
        rssEndMb: megabytes(last.rssBytes),
      };
    }
    return { processes, depths: this.depths };
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      if (pid === undefined) continue;
      const snapshot = readProc(pid);
      if (snapshot === undefined) continue;
      if (!this.first.has(name)) this.first.set(name, snapshot);
      this.last.set(name, snapshot);
      this.rssMax.set(name, Math.max(this.rssMax.get(name) ?? 0, snapshot.rssBytes));
    }
    // One read at a time: a slow broker skips samples rather than piling up passive declares.
    if (this.reading !== undefined) return;
    const t = (performance.now() - this.startedAt) / 1000;
    this.reading = this.queueDepths
      .read(this.queues)
      .then((depths) => {
        this.depths.push({ t, depths });
      })
      .catch(() => undefined)
      .finally(() => {
        this.reading = undefined;
      });
  }
}
