import { join } from "node:path";
import { COUNTRIES } from "@repo/contract";
import { SITE_PORTS } from "@repo/vite-config/site-ports";
import type { BrokerNode, StartOutcome } from "./broker/broker-node.js";
import { ensureRabbitmqInstalled, rabbitmqInstalled } from "./broker/install.js";
import { developmentBroker, portFromEnv } from "./broker/nodes.js";
import { BROKER_USERS, siteCredentials } from "./broker/users.js";
import { parseCommandLine, UsageError } from "./command-line.js";
import { formatConsumerLine } from "./consumer-log.js";
import type { ManagedProcess } from "./processes.js";
import { allStarted, logHint, startProcess } from "./processes.js";
import { repoRoot } from "./repo-root.js";
import { resetRefusal } from "./reset-guard.js";
import { StopRequest } from "./stop-request.js";
import {
  CONSUMER_HTTP_PORT_VARIABLE,
  COUNTRY_NAMES,
  DEFAULT_CONSUMER_HTTP_PORT,
  requireFreePorts,
  siteUrl,
  startConsumer,
  startSitePreview,
  systemPorts,
} from "./system.js";
import { formatTable } from "./table.js";

const USAGE = `Usage: stack <command>
  start                 broker (if not running), consumer and the four built sites; Ctrl-C or closing the terminal stops
  dev                   broker, then \`turbo run dev\`: Vite HMR for the sites, watch-restart for the consumer
  broker start|stop|status
                        the project-local RabbitMQ node
  broker reset [--force]
                        stops the node and deletes its data; refuses while clients are connected
                        (a running \`stack start\` or \`stack dev\`) unless --force`;

/** The flags each command takes; any other flag is an error. */
const COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  "broker reset": ["--force"],
};

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function consumerHttpPort(): number {
  return portFromEnv(process.env, CONSUMER_HTTP_PORT_VARIABLE, DEFAULT_CONSUMER_HTTP_PORT);
}

function startMessage(broker: BrokerNode, outcome: StartOutcome, forSystem: boolean): string {
  switch (outcome) {
    case "started":
      return `Node ${broker.nodeName} started.`;
    case "already running":
      // Ctrl-C stops only a node its own run started: say so, or a node left by a killed run would look like this one's.
      return forSystem
        ? `Node ${broker.nodeName} is already running: using it. Ctrl-C will leave it running; \`pnpm broker:stop\` stops it.`
        : `Node ${broker.nodeName} is already running: nothing to do.`;
    case "served elsewhere":
      return "Another broker with this project's definitions (Docker?) already serves these ports: using it.";
  }
}

function urlTable(broker: BrokerNode, withSystem: boolean): string {
  const rows: string[][] = [];
  if (withSystem) {
    for (const country of COUNTRIES) {
      rows.push([`${COUNTRY_NAMES[country]} site`, siteUrl(SITE_PORTS[country], broker), `${siteCredentials(country).login} (public)`]);
    }
  }
  rows.push(["RabbitMQ management UI", broker.managementUrl, `${BROKER_USERS.admin.login} / ${BROKER_USERS.admin.passcode}`]);
  rows.push(["Web-STOMP (browsers)", broker.webStompUrl, "site-<cc> / site-<cc>"]);
  rows.push(["AMQP (consumer)", `amqp://127.0.0.1:${broker.ports.amqp}/tickets`, `${BROKER_USERS.consumer.login} / ${BROKER_USERS.consumer.passcode}`]);
  if (withSystem) rows.push(["Consumer health, metrics", `http://127.0.0.1:${consumerHttpPort()}/healthz  /metrics`, ""]);
  return formatTable(["", "URL", "login"], rows);
}

/**
 * Starts the development node, installing RabbitMQ first if it is missing:
 * someone asked for a running system. Tests start nodes through
 * startTestBroker, which only says what to install.
 */
async function startDevelopmentBroker(broker: BrokerNode, forSystem: boolean): Promise<StartOutcome> {
  // A broker that already serves our ports, the Docker compose one say, needs no RabbitMQ installed here.
  if (!rabbitmqInstalled() && (await broker.isOtherBrokerServing())) {
    say(startMessage(broker, "served elsewhere", forSystem));
    return "served elsewhere";
  }
  await ensureRabbitmqInstalled(say);
  say(`Starting RabbitMQ node ${broker.nodeName}…`);
  const outcome = await broker.start();
  say(startMessage(broker, outcome, forSystem));
  return outcome;
}

async function brokerCommand(action: string | undefined, flags: ReadonlySet<string>): Promise<number> {
  const broker = developmentBroker();
  switch (action) {
    case "start": {
      await startDevelopmentBroker(broker, false);
      say(urlTable(broker, false));
      return 0;
    }
    case "stop":
      if (!(await broker.isRunning())) {
        say(`Node ${broker.nodeName} is not running.`);
        return 0;
      }
      say(`Stopping node ${broker.nodeName}…`);
      await broker.stop();
      say("Stopped.");
      return 0;
    case "status": {
      const running = await broker.isRunning();
      say(`Node ${broker.nodeName}: ${running ? "running" : "not running"} (data in ${broker.dataDir})`);
      if (!running && (await broker.isOtherBrokerServing())) say("Another broker with this project's definitions (Docker?) serves these ports.");
      say(urlTable(broker, false));
      return running ? 0 : 3;
    }
    case "reset": {
      const refusal = flags.has("--force") ? undefined : await resetRefusal(broker);
      if (refusal !== undefined) {
        process.stderr.write(`${refusal}\n`);
        return 1;
      }
      say(`Stopping node ${broker.nodeName} and deleting ${broker.dataDir}…`);
      await broker.reset();
      say("Reset: the next start loads rabbitmq/definitions.json afresh.");
      return 0;
    }
    default:
      say(USAGE);
      return 2;
  }
}

/** Stops the children, then the broker if this run started it. */
async function stopAll(broker: BrokerNode, startedBroker: boolean, children: readonly ManagedProcess[]): Promise<void> {
  await Promise.all(children.map((child) => child.stop()));
  if (startedBroker) {
    say(`Stopping RabbitMQ node ${broker.nodeName} (it was started by this run)…`);
    await broker.stop();
  }
  say("Stopped.");
}

/** Runs until a signal or a child's death, then stops everything; 0 for a signal, 1 for a death. */
async function supervise(stop: StopRequest, broker: BrokerNode, startedBroker: boolean, children: readonly ManagedProcess[]): Promise<number> {
  const died = children.map(async (child) => {
    const code = await child.exited;
    const how =
      code === null ? `was killed by ${child.child.signalCode ?? "a signal"}` : code === -1 ? "could not be started" : `exited with ${code}`;
    return `${child.name} ${how}${logHint(child)}`;
  });
  const reason = await Promise.race([stop.received, ...died]);
  if (!stop.requested()) say(`\n${reason}: stopping…`);
  await stopAll(broker, startedBroker, children);
  return stop.requested() ? 0 : 1;
}

async function startCommand(): Promise<number> {
  const stop = new StopRequest(say);
  const broker = developmentBroker();
  const httpPort = consumerHttpPort();
  const logs = join(repoRoot(), ".rabbitmq", "logs");
  await requireFreePorts(systemPorts(httpPort));
  const startedBroker = (await startDevelopmentBroker(broker, true)) === "started";
  const children: ManagedProcess[] = [];
  try {
    if (!stop.requested()) {
      say("Starting the consumer and the four sites…");
      children.push(await startConsumer({
        amqpUrl: broker.amqpUrl,
        httpPort,
        logFile: join(logs, "consumer.err.log"),
        onLine: (line) => { say(`consumer  ${formatConsumerLine(line)}`); },
      }));
    }
    if (!stop.requested()) {
      children.push(...(await allStarted(COUNTRIES.map((country) => startSitePreview(country, SITE_PORTS[country], join(logs, `site-${country}.log`))))));
    }
  } catch (error) {
    // A Ctrl-C in the terminal reaches the consumer and the sites too: one that died of it while starting is no failure.
    if (!stop.requested()) {
      await stopAll(broker, startedBroker, children);
      throw error;
    }
  }
  if (!stop.requested()) {
    say(urlTable(broker, true));
    say("Open a site, buy tickets, and watch the queues in the management UI. Consumer logs follow; Ctrl-C stops everything.\n");
  }
  return supervise(stop, broker, startedBroker, children);
}

async function devCommand(): Promise<number> {
  const stop = new StopRequest(say);
  const broker = developmentBroker();
  const httpPort = consumerHttpPort();
  await requireFreePorts(systemPorts(httpPort));
  const startedBroker = (await startDevelopmentBroker(broker, true)) === "started";
  if (stop.requested()) return supervise(stop, broker, startedBroker, []);
  say(urlTable(broker, true));
  const root = repoRoot();
  const turbo = startProcess("turbo dev", join(root, "node_modules", ".bin", "turbo"), ["run", "dev"], {
    cwd: root,
    env: { ...process.env, AMQP_URL: broker.amqpUrl, VITE_BROKER_URL: broker.webStompUrl, HTTP_PORT: String(httpPort) },
  });
  return supervise(stop, broker, startedBroker, [turbo]);
}

async function main(args: string[]): Promise<number> {
  const { words: [command, action], flags } = parseCommandLine(args, COMMAND_FLAGS);
  switch (command) {
    case "broker":
      return brokerCommand(action, flags);
    case "start":
      return startCommand();
    case "dev":
      return devCommand();
    default:
      say(USAGE);
      return command === undefined || command === "help" ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
