import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ManagedProcess } from "@repo/stack";
import { freePort, startConsumer } from "@repo/stack";

/** The real consumer process, which a test may stop and start again; its SQLite file lives for the whole run. */
export class ConsumerControl {
  private process: ManagedProcess | undefined;
  private readonly dataDir = mkdtempSync(join(tmpdir(), "tickets-e2e-"));

  constructor(private readonly amqpUrl: string) {}

  async start(): Promise<void> {
    if (this.process !== undefined) return;
    this.process = await startConsumer({
      amqpUrl: this.amqpUrl,
      httpPort: await freePort(),
      databasePath: join(this.dataDir, "tickets.sqlite"),
      logFile: join(this.dataDir, "consumer.log"),
    });
  }

  /** SIGTERM: the consumer finishes the message in hand and leaves the rest in the queue. */
  async stop(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (running === undefined) return;
    const code = await running.stop();
    if (code !== 0) throw new Error(`the consumer exited with ${code} on SIGTERM`);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
