import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { BrokerNode, ManagedProcess } from "@repo/stack";
import { freePort, startConsumer, startTestBroker, Teardown } from "@repo/stack";
import Database from "better-sqlite3";
import { afterAll, beforeAll } from "vitest";
import { BrokerAdmin } from "./broker-admin.js";
import { SiteClient } from "./site-client.js";

/** What a test of the consumer as a process of its own works with; valid inside its tests. */
export interface ConsumerProcessFixture {
  readonly node: BrokerNode;
  readonly admin: BrokerAdmin;
  /** One site client per country, connected for the whole file. */
  readonly sites: Readonly<Record<Country, SiteClient>>;
  /**
   * Starts the built consumer, as a restart would: the same database each
   * time; killed at the end whatever the test did. `onLine` hears each line
   * it writes (its log, at info).
   */
  readonly runConsumer: (options?: { onLine?: (line: string) => void }) => Promise<ManagedProcess>;
  /** Reads the consumer's database the way an operator would, read-only, while the consumer may be writing. */
  readonly query: <T>(sql: string) => T[];
}

/**
 * A test node, its admin, a site per country and a data folder for the
 * consumer, set up before the file's tests and torn down after them, for
 * tests that signal or kill the built consumer for real.
 */
export function useConsumerProcessFixture(ticketsTotal: number): ConsumerProcessFixture {
  const teardown = new Teardown();
  let node: BrokerNode | undefined;
  let admin: BrokerAdmin | undefined;
  let dataDir: string | undefined;
  const sites = {} as Record<Country, SiteClient>;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the consumer process fixture is used outside its tests");
    return value;
  };
  const storePath = (): string => join(ready(dataDir), "tickets.sqlite");

  beforeAll(async () => {
    const started = await startTestBroker();
    node = started;
    teardown.add(() => started.destroy());
    const connected = await BrokerAdmin.connect(started);
    admin = connected;
    teardown.add(() => connected.close());
    const folder = mkdtempSync(join(tmpdir(), "consumer-process-"));
    dataDir = folder;
    teardown.add(() => {
      rmSync(folder, { recursive: true, force: true });
      return undefined;
    });
    for (const country of COUNTRIES) {
      const site = await SiteClient.connect(started.webStompUrl, country);
      teardown.add(() => site.close());
      sites[country] = site;
    }
  });

  afterAll(() => teardown.run());

  return {
    get node() {
      return ready(node);
    },
    get admin() {
      return ready(admin);
    },
    sites,
    runConsumer: async ({ onLine } = {}) => {
      const consumer = await startConsumer({
        onLine,
        amqpUrl: ready(node).amqpUrl,
        httpPort: await freePort(),
        databasePath: storePath(),
        logFile: join(ready(dataDir), "consumer.log"),
        env: { TICKETS_TOTAL: String(ticketsTotal), LOG_LEVEL: "info" },
      });
      teardown.add(() => consumer.stop("SIGKILL"));
      return consumer;
    },
    query: <T>(sql: string): T[] => {
      const db = new Database(storePath(), { readonly: true });
      try {
        return db.prepare<[], T>(sql).all();
      } finally {
        db.close();
      }
    },
  };
}
