import { join } from "node:path";
import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { BrokerNode, StartOutcome } from "./broker/broker-node.js";
import { ensureRabbitmqInstalled } from "./broker/install.js";
import { developmentBroker } from "./broker/nodes.js";
import { BROKER_USERS, siteCredentials } from "./broker/users.js";
import { formatConsumerLine } from "./consumer-log.js";
import type { ManagedProcess } from "./processes.js";
import { allStarted, startProcess } from "./processes.js";
import { repoRoot } from "./repo-root.js";
import { DEFAULT_CONSUMER_HTTP_PORT, DEFAULT_SITE_PORTS, siteUrl, startConsumer, startSitePreview } from "./system.js";
import { formatTable } from "./table.js";

const COUNTRY_NAMES: Record<Country, string> = { fr: "France", de: "Germany", gb: "Great Britain", es: "Spain" };

const USAGE = `Usage: stack <command>
  start                 broker (if not running), consumer and the four built sites; Ctrl-C stops
  dev                   broker, then \`turbo run dev\`: Vite HMR for the sites, watch-restart for the consumer
  broker start|stop|status|reset
                        the project-local RabbitMQ node (reset deletes its data)`;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function consumerHttpPort(): number {
  const raw = process.env.CONSUMER_HTTP_PORT;
  return raw === undefined || raw === "" ? DEFAULT_CONSUMER_HTTP_PORT : Number(raw);
}

function startMessage(broker: BrokerNode, outcome: StartOutcome): string {
  switch (outcome) {
    case "started":
      return `Node ${broker.nodeName} started.`;
    case "already running":
      return `Node ${broker.nodeName} is already running: nothing to do.`;
    case "served elsewhere":
      return "Another broker with this project's definitions (Docker?) already serves these ports: using it.";
  }
}

function urlTable(broker: BrokerNode, withSystem: boolean): string {
  const rows: string[][] = [];
  if (withSystem) {
    for (const country of COUNTRIES) {
      rows.push([`${COUNTRY_NAMES[country]} site`, siteUrl(DEFAULT_SITE_PORTS[country], broker), `${siteCredentials(country).login} (public)`]);
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
async function startDevelopmentBroker(broker: BrokerNode): Promise<StartOutcome> {
  await ensureRabbitmqInstalled(say);
  say(`Starting RabbitMQ node ${broker.nodeName}…`);
  const outcome = await broker.start();
  say(startMessage(broker, outcome));
  return outcome;
}

async function brokerCommand(action: string | undefined): Promise<number> {
  const broker = developmentBroker();
  switch (action) {
    case "start": {
      await startDevelopmentBroker(broker);
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
    case "reset":
      say(`Stopping node ${broker.nodeName} and deleting ${broker.dataDir}…`);
      await broker.reset();
      say("Reset: the next start loads rabbitmq/definitions.json afresh.");
      return 0;
    default:
      say(USAGE);
      return 2;
  }
}

/** Runs until a signal or a child's death; stops children, then the broker if this run started it. */
async function supervise(broker: BrokerNode, startedBroker: boolean, children: ManagedProcess[]): Promise<number> {
  const reason = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => { resolve("Ctrl-C"); });
    process.once("SIGTERM", () => { resolve("SIGTERM"); });
    for (const child of children) void child.exited.then((code) => { resolve(`${child.name} exited with ${code}`); });
  });
  say(`\n${reason}: stopping…`);
  await Promise.all(children.map((child) => child.stop()));
  if (startedBroker) {
    say(`Stopping RabbitMQ node ${broker.nodeName} (it was started by this run)…`);
    await broker.stop();
  }
  say("Stopped.");
  return reason === "Ctrl-C" || reason === "SIGTERM" ? 0 : 1;
}

async function startCommand(): Promise<number> {
  const broker = developmentBroker();
  const logs = join(repoRoot(), ".rabbitmq", "logs");
  const startedBroker = (await startDevelopmentBroker(broker)) === "started";
  const children: ManagedProcess[] = [];
  try {
    say("Starting the consumer and the four sites…");
    children.push(await startConsumer({
      amqpUrl: broker.amqpUrl,
      httpPort: consumerHttpPort(),
      logFile: join(logs, "consumer.err.log"),
      onLine: (line) => { say(`consumer  ${formatConsumerLine(line)}`); },
    }));
    children.push(...(await allStarted(COUNTRIES.map((country) => startSitePreview(country, DEFAULT_SITE_PORTS[country], join(logs, `site-${country}.log`))))));
  } catch (error) {
    await Promise.all(children.map((child) => child.stop()));
    if (startedBroker) await broker.stop();
    throw error;
  }
  say(urlTable(broker, true));
  say("Open a site, buy tickets, and watch the queues in the management UI. Consumer logs follow; Ctrl-C stops everything.\n");
  return supervise(broker, startedBroker, children);
}

async function devCommand(): Promise<number> {
  const broker = developmentBroker();
  const startedBroker = (await startDevelopmentBroker(broker)) === "started";
  say(urlTable(broker, true));
  const root = repoRoot();
  const turbo = startProcess("turbo dev", join(root, "node_modules", ".bin", "turbo"), ["run", "dev"], {
    cwd: root,
    env: { ...process.env, AMQP_URL: broker.amqpUrl, VITE_BROKER_URL: broker.webStompUrl, HTTP_PORT: String(consumerHttpPort()) },
  });
  return supervise(broker, startedBroker, [turbo]);
}

async function main(args: string[]): Promise<number> {
  const [command, action] = args;
  switch (command) {
    case "broker":
      return brokerCommand(action);
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
    process.exitCode = 1;
  },
);
