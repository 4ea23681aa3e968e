import type { ManagedProcess } from "@repo/stack";
import { freePort, startConsumer } from "@repo/stack";

export interface ConsumerProcessOptions {
  amqpUrl: string;
  databasePath: string;
  /** Every run of the process appends here. */
  logFile: string;
  ticketsTotal: number;
}

/** What /healthz says about the broker side. */
interface Health {
  healthy: boolean;
}

/**
 * The built consumer (`consumer/dist`) as a process the test can kill and
 * start again on the same SQLite file, as an orchestrator restarting a
 * crashed container would.
 */
export class ConsumerProcess {
  /** Times it was killed with SIGKILL. */
  kills = 0;
  private process: ManagedProcess | undefined;
  private httpPort = 0;

  constructor(private readonly options: ConsumerProcessOptions) {}

  /** Starts it and waits for its HTTP endpoint (not for the broker, which may be down). */
  async start(): Promise<void> {
    if (this.process !== undefined) throw new Error("the consumer is already running");
    this.httpPort = await freePort();
    this.process = await startConsumer({
      amqpUrl: this.options.amqpUrl,
      httpPort: this.httpPort,
      databasePath: this.options.databasePath,
      logFile: this.options.logFile,
      env: { TICKETS_TOTAL: String(this.options.ticketsTotal), LOG_LEVEL: "info" },
    });
  }

  /** SIGKILL: no shutdown path runs, whatever was in hand is redelivered. */
  async kill(): Promise<void> {
    await this.take().stop("SIGKILL");
    this.kills++;
  }

  /** SIGTERM: the one shutdown path. Resolves with the exit code. */
  async terminate(): Promise<number | null> {
    return this.take().stop("SIGTERM");
  }

  /**
   * SIGSTOP: it hangs, as on a stalled disk or a paused VM. The broker keeps
   * handing it purchases, one per queue (prefetch 1), that it will never
   * settle; only a redelivery can get them decided.
   */
  freeze(): void {
    const running = this.process;
    if (running === undefined) throw new Error("the consumer is not running");
    if (!running.child.kill("SIGSTOP")) throw new Error(`could not send SIGSTOP to the consumer (pid ${running.child.pid})`);
  }

  /** Whether it consumes all four country queues. `bound` ends the request, so a hung process is an answer (false), not a stall. */
  async healthy(bound: AbortSignal): Promise<boolean> {
    if (this.process === undefined) return false;
    try {
      const response = await fetch(`http://127.0.0.1:${this.httpPort}/healthz`, { signal: bound });
      return ((await response.json()) as Health).healthy;
    } catch {
      return false;
    }
  }

  /** Stops it if it runs, whatever its state; for teardown. */
  async dispose(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    await running?.stop("SIGKILL");
  }

  /** The running process, which must not have exited on its own: the consumer outlives every fault but a signal. */
  private take(): ManagedProcess {
    const running = this.process;
    if (running === undefined) throw new Error("the consumer is not running");
    this.process = undefined;
    const ending = running.howItEnded();
    if (ending !== undefined) throw new Error(`the consumer had ended by itself: it ${ending}; see ${this.options.logFile}`);
    return running;
  }
}
