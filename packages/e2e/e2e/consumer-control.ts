import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Country } from "@repo/contract";
import type { ManagedProcess } from "@repo/stack";
import Database from "better-sqlite3";
import { freePort, startConsumer } from "@repo/stack";

/** A sale of its own: a fresh database holding `ticketsTotal` tickets. */
interface Sale {
  databasePath: string;
  ticketsTotal: number;
}

/**
 * The real consumer process, which a test may stop and start again; its
 * SQLite file lives as long as the worker (one per project, replaced after
 * a failed test). A test that needs a small stock
 * runs a separate sale on a database of its own, then ends it, which
 * brings the run's database back.
 */
export class ConsumerControl {
  private process: ManagedProcess | undefined;
  private readonly dataDir = mkdtempSync(join(tmpdir(), "tickets-e2e-"));
  private sale: Sale | undefined;
  private sales = 0;
  /** Every run of the process appends here. */
  private readonly logFile = join(this.dataDir, "consumer.log");

  constructor(private readonly amqpUrl: string) {}

  private get databasePath(): string {
    return this.sale?.databasePath ?? join(this.dataDir, "tickets.sqlite");
  }

  /**
   * Starts the consumer unless it runs. One that exited by itself is
   * started again, so the tests after this one have a consumer, and then
   * this call fails, naming its exit and its log: a crash must not pass unseen.
   */
  async start(): Promise<void> {
    const previous = this.process;
    const previousDeath = previous === undefined ? undefined : deathOf(previous);
    if (previous !== undefined && previousDeath === undefined) return;
    this.process = await startConsumer({
      amqpUrl: this.amqpUrl,
      httpPort: await freePort(),
      databasePath: this.databasePath,
      logFile: this.logFile,
      ...(this.sale !== undefined && { env: { TICKETS_TOTAL: String(this.sale.ticketsTotal) } }),
    });
    if (previousDeath !== undefined) throw new Error(`${previousDeath}; it was started again. See ${this.logFile}`);
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
    try {
      await this.stop();
    } finally {
      // Even after a failed stop, the tests that follow get the run's database back.
      this.sale = undefined;
      await this.start();
    }
  }

  /**
   * Takes the database's write lock from outside the consumer, as an
   * operator's `sqlite3` left inside a transaction does, until the returned
   * function is called: the consumer's writes fail meanwhile, and reads go on.
   */
  holdStoreWriteLock(): () => void {
    const other = new Database(this.databasePath);
    other.prepare("BEGIN IMMEDIATE").run();
    return () => {
      other.prepare("ROLLBACK").run();
      other.close();
    };
  }

  /**
   * Tickets the store has sold for `country`, read from the database as an
   * operator would, whether the consumer runs or not: once the country's
   * queue is drained, the final word on whether an order sold once.
   */
  soldBy(country: Country): number {
    const store = new Database(this.databasePath, { readonly: true });
    try {
      const row = store.prepare<[Country], { sold: number }>("SELECT sold FROM sales WHERE country = ?").get(country);
      if (row === undefined) throw new Error(`the store at ${this.databasePath} has no sales row for ${country}`);
      return row.sold;
    } finally {
      store.close();
    }
  }

  /** SIGTERM: the consumer finishes the message in hand and leaves the rest in the queue. */
  async stop(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (running === undefined) return;
    const death = deathOf(running);
    if (death !== undefined) throw new Error(`${death}; see ${this.logFile}`);
    const code = await running.stop();
    if (code !== 0) throw new Error(`the consumer exited with ${String(code)} on SIGTERM; see ${this.logFile}`);
  }

  async dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}

/** How the process ended without the test stopping it; undefined while it runs. */
function deathOf(running: ManagedProcess): string | undefined {
  const ending = running.howItEnded();
  return ending === undefined ? undefined : `the consumer had ended by itself: it ${ending}`;
}
