import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ManagedProcess } from "@repo/stack";
import { freePort, startConsumer } from "@repo/stack";

/** A sale of its own: a fresh database holding `ticketsTotal` tickets. */
interface Sale {
  databasePath: string;
  ticketsTotal: number;
}

/**
 * The real consumer process, which a test may stop and start again; its
 * SQLite file lives for the whole run. A test that needs a small stock
 * runs a separate sale on a database of its own, then ends it, which
 * brings the run's database back.
 */
export class ConsumerControl {
  private process: ManagedProcess | undefined;
  private readonly dataDir = mkdtempSync(join(tmpdir(), "tickets-e2e-"));
  private sale: Sale | undefined;
  private sales = 0;

  constructor(private readonly amqpUrl: string) {}

  async start(): Promise<void> {
    if (this.process !== undefined) return;
    this.process = await startConsumer({
      amqpUrl: this.amqpUrl,
      httpPort: await freePort(),
      databasePath: this.sale?.databasePath ?? join(this.dataDir, "tickets.sqlite"),
      logFile: join(this.dataDir, "consumer.log"),
      ...(this.sale !== undefined && { env: { TICKETS_TOTAL: String(this.sale.ticketsTotal) } }),
    });
  }

  /** Restarts the consumer on a new, empty database with `ticketsTotal` tickets for sale. */
  async startSale(ticketsTotal: number): Promise<void> {
    await this.stop();
    this.sale = { databasePath: join(this.dataDir, `sale-${++this.sales}.sqlite`), ticketsTotal };
    await this.start();
  }

  /** Back to the run's database, if a sale of its own was running. */
  async endSale(): Promise<void> {
    if (this.sale === undefined) return;
    await this.stop();
    this.sale = undefined;
    await this.start();
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
