import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { purchaseQueue, VHOST } from "@repo/contract";
import type { BrokerNode, ManagedProcess } from "@repo/stack";
import { freePort, startConsumer, startNodeProcess, startTestBroker, stopUnlessReady } from "@repo/stack";
import { declareEchoQueues, ECHO_QUEUES } from "../baseline/echo-queues.js";
import { Management } from "../probes/management.js";
import { QueueDepths } from "../probes/queue-depths.js";
import { boundedWait, WAIT_FAILURES, WaitError } from "./bounded-wait.js";
import type { BenchNeeds } from "./broker-limits.js";
import { raiseLimitsFor } from "./broker-limits.js";
import { letSitesReachTheEcho } from "./echo-permissions.js";
import type { RunEnd } from "./work-dir.js";
import { CONSUMER_LOG, RUN_ENDS, WorkDir } from "./work-dir.js";

/** Far more than any run sells, so no purchase is refused as sold out. */
const BENCH_TICKETS_TOTAL = "1000000000000";

const ECHO_WORKER = fileURLToPath(new URL("../baseline/echo-worker.js", import.meta.url));

/** It connects and consumes four queues, well under a second; far longer means it is stuck, not slow. */
const ECHO_READY_TIMEOUT_MS = 30_000;

/** The policy name the baseline's queues get, copied from the country queues' policy. */
const ECHO_POLICY = "bench-echo-queues";

/**
 * The consumer's settings for a run: stock enough never to sell out, and
 * the stock interval the command line asked for. Nothing else: the stack
 * keeps the shell's consumer settings from it.
 */
export function consumerSettings(stockIntervalMs: number | undefined): Record<string, string> {
  return { TICKETS_TOTAL: BENCH_TICKETS_TOTAL, ...(stockIntervalMs !== undefined && { STOCK_INTERVAL_MS: String(stockIntervalMs) }) };
}

export interface BenchSystemOptions {
  /** Also start the amqplib echo consumer and declare its queues. */
  baseline: boolean;
  needs: BenchNeeds;
  /** Keep the work folder whatever happens; a failed run keeps it anyway. */
  keepFiles: boolean;
  /** Where the consumer writes its V8 CPU profile on exit; no profiling when undefined. */
  profileDir: string | undefined;
  /** The consumer's STOCK_INTERVAL_MS; its default when undefined. */
  stockIntervalMs: number | undefined;
  log: (line: string) => void;
  /** An interrupted run stops waiting for its processes and tears down what it started. */
  signal: AbortSignal;
}

/** Everything a run talks to, started for it alone. */
export interface BenchSystem {
  broker: BrokerNode;
  consumer: ManagedProcess;
  /** The consumer's Prometheus endpoint. */
  consumerMetricsUrl: string;
  /** The baseline's echo consumer; undefined without a baseline. */
  echo: ManagedProcess | undefined;
  /** An admin AMQP connection that reads queue depths. */
  queueDepths: QueueDepths;
  management: Management;
  /** The broker's OS process, for CPU and memory. */
  brokerPid: number | undefined;
  /** Limits and permissions changed on this node for the run, as sentences for the report. */
  nodeChanges: string[];
  /** The consumer's database and log. */
  workDir: string;
  /** Stops and deletes everything it started; the work folder goes too unless the run failed or files are kept. */
  stop(end: RunEnd): Promise<void>;
}

/**
 * Boots a fresh broker node on free ports, the built consumer as its own
 * process on a temporary SQLite file, and the baseline's echo consumer. If
 * any step fails, the steps already done are undone before the error
 * propagates: the node never outlives the run.
 */
export async function startBenchSystem(options: BenchSystemOptions): Promise<BenchSystem> {
  const undo: (() => Promise<void>)[] = [];
  let folder: WorkDir | undefined;
  const stop = async (end: RunEnd): Promise<void> => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    undo.length = 0;
    // Last, once nothing writes to it any more.
    const kept = folder?.release(end, options.keepFiles);
    folder = undefined;
    if (kept !== undefined) options.log(kept);
  };
  // Booting the node and starting the consumer do not listen for an interrupt: it is honoured between the steps.
  const unlessInterrupted = (done: string): void => {
    if (options.signal.aborted) throw new WaitError(`interrupted during setup, ${done}`, WAIT_FAILURES.aborted);
  };
  try {
    unlessInterrupted("before anything started");
    folder = WorkDir.create();
    const workDir = folder.path;
    options.log(`Consumer database and log in ${workDir}${options.keepFiles ? "" : " (deleted at the end unless the run fails; --keep-files keeps them)"}`);

    options.log("Booting a RabbitMQ node for the bench…");
    const broker = await startTestBroker(options.log);
    undo.push(() => broker.destroy());
    unlessInterrupted("once the node had booted");
    const nodeChanges = await raiseLimitsFor(broker, options.needs);
    for (const change of nodeChanges) options.log(`Changed on the bench node only: ${change}`);

    const queueDepths = await QueueDepths.open(broker.amqpUrlFor(broker.adminCredentials));
    undo.push(() => queueDepths.close());
    const management = new Management(broker);
    unlessInterrupted("before the consumer started");

    options.log("Starting the consumer…");
    const consumerHttpPort = await freePort();
    const consumer = await startConsumer({
      amqpUrl: broker.amqpUrl,
      httpPort: consumerHttpPort,
      databasePath: join(workDir, "tickets.sqlite"),
      logFile: join(workDir, CONSUMER_LOG),
      env: consumerSettings(options.stockIntervalMs),
      ...(options.profileDir !== undefined && { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${resolve(options.profileDir)}`] }),
    });
    undo.push(async () => {
      await consumer.stop();
    });
    unlessInterrupted("once the consumer had started");

    let echo: ManagedProcess | undefined;
    if (options.baseline) {
      await declareEchoQueues(queueDepths.adminChannel);
      await copyCountryQueuePolicy(management);
      for (const change of await letSitesReachTheEcho(broker)) {
        options.log(`Changed on the bench node only: ${change}`);
        nodeChanges.push(change);
      }
      echo = await startEchoWorker(broker, workDir, options.signal);
      const started = echo;
      undo.push(async () => {
        await started.stop();
      });
    }

    return {
      broker,
      consumer,
      consumerMetricsUrl: `http://127.0.0.1:${consumerHttpPort}/metrics`,
      echo,
      queueDepths,
      management,
      brokerPid: readPid(join(broker.dataDir, "rabbitmq.pid")),
      nodeChanges,
      workDir,
      stop,
    };
  } catch (error) {
    // A setup the interrupt cut short is no failure: nothing in its folder needs explaining.
    await stop(options.signal.aborted ? RUN_ENDS.interrupted : RUN_ENDS.failed);
    throw error;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The echo consumer as a process of its own, like the real consumer, so each has its own CPU. */
async function startEchoWorker(broker: BrokerNode, workDir: string, signal: AbortSignal): Promise<ManagedProcess> {
  let ready: () => void = () => undefined;
  const readyLine = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const echo = startNodeProcess("echo consumer", ECHO_WORKER, {
    cwd: workDir,
    env: { ...process.env, ECHO_AMQP_URL: broker.amqpUrlFor(broker.adminCredentials) },
    logFile: join(workDir, "echo.log"),
    onLine: (line) => {
      if (line === "ready") ready();
    },
  });
  const log = join(workDir, "echo.log");
  const exited = echo.exited.then((code) => {
    throw new Error(`the echo consumer exited with ${code} before it was ready; see ${log}`);
  });
  // Not yet among the steps to undo: a worker that never says ready is stopped here.
  const said = boundedWait(Promise.race([readyLine, exited]), {
    what: `the echo consumer to say it is ready (its log: ${log})`,
    timeoutMs: ECHO_READY_TIMEOUT_MS,
    signal,
  });
  await stopUnlessReady(echo, said);
  return echo;
}

interface Policy {
  name: string;
  pattern: string;
  "apply-to": string;
  priority: number;
  definition: Record<string, unknown>;
}

/**
 * The country queues get length limits from a policy; the baseline's queues
 * get the same definition, so the broker enforces the same things for both.
 */
async function copyCountryQueuePolicy(management: Management): Promise<void> {
  const policies = (await management.get(`api/policies/${encodeURIComponent(VHOST)}`)) as Policy[];
  const countryPolicy = policies
    .filter((policy) => policy["apply-to"] !== "exchanges" && new RegExp(policy.pattern).test(purchaseQueue("fr")))
    .sort((a, b) => b.priority - a.priority)[0];
  if (countryPolicy === undefined) return;
  const pattern = `^(${ECHO_QUEUES.map((queue) => queue.replaceAll(".", "\\.")).join("|")})$`;
  await management.put(`api/policies/${encodeURIComponent(VHOST)}/${ECHO_POLICY}`, {
    pattern,
    "apply-to": "queues",
    priority: countryPolicy.priority,
    definition: countryPolicy.definition,
  });
}
