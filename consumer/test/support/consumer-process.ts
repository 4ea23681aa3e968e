import { join } from "node:path";
import type { BrokerNode, ManagedProcess, Teardown } from "@repo/stack";
import { freePort, startConsumer } from "@repo/stack";
import Database from "better-sqlite3";

export interface ConsumerProcessOptions {
  node: BrokerNode;
  /** Holds the consumer's database and log; reused by every process started on it, as a restart would. */
  dataDir: string;
  ticketsTotal: number;
  /** Kills the process with SIGKILL at the end, whatever the test did to it. */
  teardown: Teardown;
}

/** The built consumer as a process of its own, so a test can signal or kill it for real. */
export async function startConsumerProcess({ node, dataDir, ticketsTotal, teardown }: ConsumerProcessOptions): Promise<ManagedProcess> {
  const consumer = await startConsumer({
    amqpUrl: node.amqpUrl,
    httpPort: await freePort(),
    databasePath: storePath(dataDir),
    logFile: join(dataDir, "consumer.log"),
    env: { TICKETS_TOTAL: String(ticketsTotal), LOG_LEVEL: "info" },
  });
  teardown.add(() => consumer.stop("SIGKILL"));
  return consumer;
}

/** Reads the consumer's database the way an operator would, read-only, while the consumer may be writing. */
export function queryStore<T>(dataDir: string, sql: string): T[] {
  const db = new Database(storePath(dataDir), { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

function storePath(dataDir: string): string {
  return join(dataDir, "tickets.sqlite");
}
