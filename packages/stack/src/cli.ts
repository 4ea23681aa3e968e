import { join } from "node:path";
import { COUNTRIES } from "@repo/contract";
import { SITE_PORTS } from "@repo/vite-config/site-ports";
import type { BrokerNode, StartOutcome } from "./broker/broker-node.js";
import type { PrivateLogin } from "./broker/node-passcodes.js";
import { orphanedMessage } from "./broker/node-configuration.js";
import { developmentBroker, portFromEnv } from "./broker/nodes.js";
import { tryStartLock } from "./broker/start-lock.js";
import type { BrokerCredentials } from "./broker/users.js";
import { BROKER_USERS, siteCredentials } from "./broker/users.js";
import { parseCommandLine, UsageError } from "./command-line.js";
import { formatConsumerLine } from "./consumer-log.js";
import { startDevelopmentBroker } from "./development-broker.js";
import type { ManagedProcess } from "./processes.js";
import { allStarted, logHint, startNodeProcess, waitForHttp } from "./processes.js";
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
  withoutVariables,
} from "./system.js";
import { formatTable } from "./table.js";
import { buildWorkspaces } from "./workspace-build.js";

const USAGE = `Usage: stack <command>
  start                 builds every workspace (turbo, cached), then starts the broker (if not running), the
                        consumer and the four built sites; Ctrl-C, SIGTERM, closing the terminal, the end of
                        the parent process or of the output's reader stops
  dev                   broker, then \`turbo run dev\`: Vite HMR for the sites, watch-restart for the consumer
  broker start|stop|status
                        the project-local RabbitMQ node; Ctrl-C during a start boots nothing more, stops a node
                        it booted, and exits 1; stop also kills a node whose folder was deleted while it ran
  broker reset [--force]
                        stops the node and deletes its data; refuses while clients are connected
                        (a running \`stack start\` or \`stack dev\`) unless --force
  help, --help, -h      this text`;

/** Each command, with the flags it takes; any other command or flag is a usage error. */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  help: [],
  start: [],
  dev: [],
  "broker start": [],
  "broker stop": [],
  "broker status": [],
  "broker reset": ["--force"],
};

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function consumerHttpPort(): number {
  return portFromEnv(process.env, CONSUMER_HTTP_PORT_VARIABLE, DEFAULT_CONSUMER_HTTP_PORT);
}

/** The consumer's AMQP URL: with the node's own password, or the published one on a broker served in its place (the Docker one keeps it). */
function consumerAmqpUrl(broker: BrokerNode, outcome: StartOutcome): string {
  return outcome === "served elsewhere" ? broker.amqpUrlFor(BROKER_USERS.consumer) : broker.amqpUrl;
}

/**
 * The URLs, and the logins to use there. The management and consumer logins
 * have the node's own passwords; a broker that serves the ports in its place
 * (the Docker one) has the published `admin` / `admin` and `consumer` /
 * `consumer`, and so has a node no start has given its own yet (one an older
 * checkout started) until its next start.
 */
function urlTable(broker: BrokerNode, withSystem: boolean, servedElsewhere = false): string {
  const login = (which: PrivateLogin, own: BrokerCredentials): string => {
    const published = BROKER_USERS[which];
    if (servedElsewhere) return `${published.login} / ${published.passcode}`;
    if (!broker.hasOwnPasscode(which)) return `${published.login} / ${published.passcode} until the node's next start, then its own`;
    return `${own.login} / ${own.passcode}`;
  };
  const rows: string[][] = [];
  if (withSystem) {
    for (const country of COUNTRIES) {
      rows.push([`${COUNTRY_NAMES[country]} site`, siteUrl(SITE_PORTS[country], broker), `${siteCredentials(country).login} (public)`]);
    }
  }
  rows.push(["RabbitMQ management UI", broker.managementUrl, login("admin", broker.adminCredentials)]);
  rows.push(["Web-STOMP (browsers)", broker.webStompUrl, "site-<cc> / site-<cc>"]);
  rows.push(["AMQP (consumer)", `amqp://127.0.0.1:${broker.ports.amqp}/tickets`, login("consumer", broker.consumerCredentials)]);
  if (withSystem) rows.push(["Consumer health, metrics", `http://127.0.0.1:${consumerHttpPort()}/healthz  /metrics`, ""]);
  return formatTable(["", "URL", "login"], rows);
}

async function brokerCommand(action: string | undefined, flags: ReadonlySet<string>): Promise<number> {
  const broker = developmentBroker();
  switch (action) {
    case "start": {
      // Unheard, a Ctrl-C would end this process and leave the boot under way (its own process group) to finish
      // unannounced: the node would come up although the start was called off.
      const stop = new StopRequest(say);
      const outcome = await startDevelopmentBroker(broker, { forSystem: false, say, signal: stop.signal });
      if (stop.requested()) {
        // A boot is not cut off halfway; the node it brought up is stopped again. One found running is left so.
        if (outcome === "started") await stopAll(broker, true, []);
        // 1, not 0 as for `stack start`, whose runs end with a Ctrl-C: this one did not do what it was asked, and a
        // script's `pnpm broker:start && …` must not go on.
        return 1;
      }
      say(urlTable(broker, false, outcome === "served elsewhere"));
      return 0;
    }
    case "stop":
      // A node another process is booting is not running yet: waited for, then stopped.
      return broker.withoutStartUnderWay(async () => {
        // A node whose folder was deleted under it is not running as far as rabbitmqctl can tell, but its VM is: stop() kills it.
        if (!(await broker.isRunning()) && broker.orphanedVms().length === 0) {
          say(`Node ${broker.nodeName} is not running.`);
          return 0;
        }
        say(`Stopping node ${broker.nodeName}…`);
        await broker.stop({ log: say });
        say("Stopped.");
        return 0;
      }, say);
    case "status": {
      const running = await broker.isRunning();
      const orphans = running ? [] : broker.orphanedVms();
      say(`Node ${broker.nodeName}: ${running ? "running" : "not running"} (data in ${broker.dataDir})`);
      if (orphans.length > 0) say(orphanedMessage(broker.nodeName, broker.dataDir, orphans));
      const elsewhere = !running && (await broker.isOtherBrokerServing());
      if (elsewhere) say("Another broker with this project's definitions (Docker?) serves these ports.");
      say(urlTable(broker, false, elsewhere));
      // As `systemctl status`: 3 when nothing serves the broker; a broker served elsewhere serves it.
      return running || elsewhere ? 0 : 3;
    }
    case "reset":
      // Not under a VM another process is booting: its files would go from under it.
      return broker.withoutStartUnderWay(async () => {
        const refusal = flags.has("--force") ? undefined : await resetRefusal(broker);
        if (refusal !== undefined) {
          process.stderr.write(`${refusal}\n`);
          return 1;
        }
        say(`Stopping node ${broker.nodeName} and deleting ${broker.dataDir}…`);
        await broker.reset();
        say("Reset: the next start loads rabbitmq/definitions.json afresh, with new admin and consumer passwords.");
        return 0;
      }, say);
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
    await broker.stop({ log: say });
  }
  say("Stopped.");
}

/** What ended a run: a stop request, a child's death, or the broker's. */
interface RunEnd {
  cause: "stop" | "child" | "broker";
  message: string;
}

/**
 * Watches the broker a run uses, from the moment it runs. A node that stops
 * under the run (killed for memory, `pnpm broker:stop`, another run's
 * Ctrl-C) would leave the consumer reconnecting forever and the sites
 * offline: the run ends instead, and says so. That holds whether the run
 * started the node or found it running; a broker served elsewhere (Docker)
 * has no VM here to watch.
 */
class BrokerWatch {
  /** Resolves when the broker has stopped; never while it runs or is not watched. */
  readonly gone: Promise<RunEnd>;
  private readonly abort = new AbortController();
  private goneMessage: string | undefined;

  constructor(broker: BrokerNode, outcome: StartOutcome) {
    const watched = outcome === "started" || outcome === "already running";
    this.gone = new Promise((resolve) => {
      if (!watched) return;
      void broker.untilStopped(this.abort.signal).then((how) => {
        if (how === undefined) return;
        this.goneMessage = `RabbitMQ node ${broker.nodeName} ${how}`;
        resolve({ cause: "broker", message: this.goneMessage });
      });
    });
  }

  /** Why the broker is gone, if it is. */
  get stopped(): string | undefined {
    return this.goneMessage;
  }

  /** Stops watching: the run is ending, and may stop the node itself. */
  end(): void {
    this.abort.abort();
  }
}

/**
 * Runs until a stop request, a child's death or the broker's, then stops
 * everything; 0 for a stop request, 1 for a death. `again` is the command
 * that starts it all anew.
 */
async function supervise(
  stop: StopRequest,
  broker: BrokerNode,
  startedBroker: boolean,
  watch: BrokerWatch,
  children: readonly ManagedProcess[],
  again: string,
): Promise<number> {
  const requested = stop.received.then((message): RunEnd => ({ cause: "stop", message }));
  const died = children.map(async (child): Promise<RunEnd> => {
    await child.exited;
    return { cause: "child", message: `${child.name} ${child.howItEnded() ?? "ended"}${logHint(child)}` };
  });
  const raced = await Promise.race([requested, ...died, watch.gone]);
  watch.end();
  // A Ctrl-C reaches the consumer and the sites too: a child that died of it ended the run by request.
  const end: RunEnd = stop.requested() ? { cause: "stop", message: "" } : raced;
  // A stop request announces itself.
  if (end.cause !== "stop") say(`\n${end.message}: stopping…`);
  // A node that stopped, or that another process is stopping, is no longer this run's to stop.
  await stopAll(broker, startedBroker && end.cause !== "broker", children);
  if (end.cause === "broker") say(`Run \`${again}\` to start it all again.`);
  return end.cause === "stop" ? 0 : 1;
}

/**
 * One `pnpm start` or `pnpm dev` at a time in a checkout. A second would
 * pass the free-port check while the first still boots, then share its
 * node and its consumer log, and end on a taken port with a message about
 * the consumer. Held until this process ends (the kernel drops it then).
 */
async function claimRun(): Promise<void> {
  // Named after .rabbitmq itself, which no node's folder (.rabbitmq/<node>) can be.
  const claim = await tryStartLock(join(repoRoot(), ".rabbitmq"));
  if ("release" in claim) return;
  const pid = claim.holderPid === undefined ? "" : ` (pid ${claim.holderPid})`;
  const message = `\`pnpm start\` or \`pnpm dev\` already runs in this checkout${pid}: use what it serves, or stop it (Ctrl-C in its terminal) first.`;
  throw Object.assign(new Error(message), { code: "ERR_RUN_UNDER_WAY" });
}

async function startCommand(): Promise<number> {
  await claimRun();
  const stop = new StopRequest(say);
  if ((await buildWorkspaces(repoRoot(), stop.signal)) === "stopped") {
    // Nothing else had started yet.
    say("Stopped.");
    return 0;
  }
  const broker = developmentBroker();
  const httpPort = consumerHttpPort();
  const logs = join(repoRoot(), ".rabbitmq", "logs");
  await requireFreePorts(systemPorts(httpPort));
  const outcome = await startDevelopmentBroker(broker, { forSystem: true, say, signal: stop.signal });
  const startedBroker = outcome === "started";
  const watch = new BrokerWatch(broker, outcome);
  const children: ManagedProcess[] = [];
  try {
    if (!stop.requested()) {
      say("Starting the consumer and the four sites…");
      children.push(await startConsumer({
        amqpUrl: consumerAmqpUrl(broker, outcome),
        httpPort,
        settingsFromShell: true,
        signal: stop.signal,
        logFile: join(logs, "consumer.log"),
        onLine: (line) => { say(`consumer  ${formatConsumerLine(line)}`); },
      }));
    }
    if (!stop.requested()) {
      children.push(...(await allStarted(COUNTRIES.map((country) => startSitePreview(country, SITE_PORTS[country], join(logs, `site-${country}.log`), stop.signal)))));
    }
  } catch (error) {
    // A Ctrl-C in the terminal reaches the consumer and the sites too: one that died of it while starting is no failure.
    if (!stop.requested()) {
      watch.end();
      // The consumer cannot get ready without its broker: the broker's end is the news.
      const brokerGone = watch.stopped;
      const failure = brokerGone === undefined ? error : new Error(`${brokerGone} while the consumer and the sites started; run \`pnpm start\` again.`, { cause: error });
      // Why the start failed is the news: a stop that then fails too is said, not put in its place.
      await stopAll(broker, startedBroker && brokerGone === undefined, children).catch((stopError: unknown) => {
        say(`Stopping after the failed start failed too (the broker may still run; \`pnpm broker:stop\` stops it): ${stopError instanceof Error ? stopError.message : String(stopError)}`);
      });
      throw failure;
    }
  }
  if (!stop.requested()) {
    say(urlTable(broker, true, outcome === "served elsewhere"));
    say("Open a site, buy tickets, and watch the queues in the management UI. Consumer logs follow; Ctrl-C stops everything.\n");
  }
  return supervise(stop, broker, startedBroker, watch, children, "pnpm start");
}

async function devCommand(): Promise<number> {
  await claimRun();
  const stop = new StopRequest(say);
  const broker = developmentBroker();
  const httpPort = consumerHttpPort();
  await requireFreePorts(systemPorts(httpPort));
  const outcome = await startDevelopmentBroker(broker, { forSystem: true, say, signal: stop.signal });
  const watch = new BrokerWatch(broker, outcome);
  if (stop.requested()) return supervise(stop, broker, outcome === "started", watch, [], "pnpm dev");
  say(urlTable(broker, true, outcome === "served elsewhere"));
  const root = repoRoot();
  // SITE_PORT moves one site's port; handed to all four dev servers, it would give three of them a taken port.
  const env = { ...withoutVariables(process.env, ["SITE_PORT"]), AMQP_URL: consumerAmqpUrl(broker, outcome), VITE_BROKER_URL: broker.webStompUrl, HTTP_PORT: String(httpPort) };
  // turbo's npm entry is a Node script that runs the native binary and passes it SIGTERM. Through startNodeProcess
  // (not pnpm's shim, whose node inherited the terminal) its stdin is a pipe from this process and it stops when
  // that pipe ends, however this process dies, and the dev servers under turbo with it.
  const turbo = startNodeProcess("turbo dev", join(root, "node_modules", "turbo", "bin", "turbo"), { cwd: root, env, args: ["run", "dev"] });
  void announceWhenSitesAnswer(broker, outcome === "served elsewhere", turbo, stop);
  return supervise(stop, broker, outcome === "started", watch, [turbo], "pnpm dev");
}

/** How long `pnpm dev` waits for its four Vite servers before it gives up announcing them; their own output says why. */
const DEV_SITES_WAIT_MS = 5 * 60_000;

/**
 * Prints the URL table again once every dev server answers: the first one
 * comes before turbo has built anything, and minutes of its output scroll
 * it away before the sites can be opened.
 */
async function announceWhenSitesAnswer(broker: BrokerNode, servedElsewhere: boolean, turbo: ManagedProcess, stop: StopRequest): Promise<void> {
  try {
    await Promise.all(COUNTRIES.map((country) => waitForHttp(siteUrl(SITE_PORTS[country], broker), { timeoutMs: DEV_SITES_WAIT_MS, process: turbo })));
  } catch {
    return;
  }
  if (!stop.requested()) say(`\nThe four sites answer now:\n${urlTable(broker, true, servedElsewhere)}`);
}

async function main(args: string[]): Promise<number> {
  const { words: [command, action], flags } = parseCommandLine(args, COMMANDS);
  switch (command) {
    case "broker":
      return brokerCommand(action, flags);
    case "start":
      return startCommand();
    case "dev":
      return devCommand();
    default:
      say(USAGE);
      return 0;
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
