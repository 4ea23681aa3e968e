import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { VHOST } from "@repo/contract";
import { isPortTaken } from "../ports.js";
import type { ProcessIdentity } from "../process-identity.js";
import { identify, isAlive, isSameProcessAlive, processIds, waitUntilGone } from "../process-identity.js";
import { repoRoot } from "../repo-root.js";
import { run } from "../run.js";
import { hasSystemd, RABBITMQCTL, RABBITMQ_SERVER, requireRabbitmq } from "./install.js";
import { acquireStartLock } from "./start-lock.js";
import { announceStop, clearStopMarker, stopUnderWay, waitForStop } from "./stop-marker.js";
import type { PrivateLogin } from "./node-passcodes.js";
import type { BrokerPorts } from "./node-configuration.js";
import { orphanedMessage, otherPortsMessage, portTakenMessage, renderConfiguration, renderedPorts } from "./node-configuration.js";
import { NodePasscodes } from "./node-passcodes.js";
import type { BrokerCredentials } from "./users.js";
import { BROKER_USERS } from "./users.js";
import { environmentOf, isBootingServerCommandLine, isServerVmCommandLine } from "./vm-processes.js";

/**
 * "served elsewhere": another broker (the Docker compose one) already answers on these ports with our definitions.
 * "not started": a stop was requested (the start's signal aborted) before the boot would have begun.
 */
export type StartOutcome = "started" | "already running" | "served elsewhere" | "not started";

/** A management API call other than a plain GET: its method, a JSON body, or a signal that bounds it (10 s by default). */
export interface ManagementRequest {
  method?: "GET" | "PUT" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

/** How long a node may take to boot unless told otherwise; ~7 s here, more on a loaded CI machine. */
export const BOOT_TIMEOUT_SECONDS = 90;

/** How long a start asks the management port whether another broker (Docker's) already serves it. */
export const OTHER_BROKER_CHECK_MS = 2000;

/** A checkout's `.rabbitmq`, or something in it, belongs to another user. */
export class ForeignFolderError extends Error {
  readonly code = "ERR_FOREIGN_FOLDER";
  override readonly name = "ForeignFolderError";
}

/**
 * Fails, saying how to set it right, when `folder` (a checkout's
 * `.rabbitmq`), a folder in it (a node's, the logs) or a node's Erlang
 * cookie belongs to another user than `uid`: after a `sudo pnpm start`, a
 * run as oneself cannot read the node's cookie, takes the root node for
 * another program on its ports, and cannot write its logs. Root may use
 * anything; what is not made yet is made as `uid`'s. `owner` reads who
 * owns a path (undefined if there is nothing there).
 */
export function requireOwnFolder(folder: string, uid: number | undefined = process.getuid?.(), owner: (path: string) => number | undefined = ownerOf): void {
  if (uid === undefined || uid === 0 || !existsSync(folder)) return;
  const inside = readdirSync(folder).map((entry) => join(folder, entry));
  const foreign = [folder, ...inside, ...inside.map((entry) => join(entry, ".erlang.cookie"))]
    .map((path) => ({ path, owner: owner(path) }))
    .find(({ owner }) => owner !== undefined && owner !== uid);
  if (foreign === undefined) return;
  throw new ForeignFolderError(
    `${foreign.path} belongs to another user (uid ${foreign.owner}; was \`pnpm start\` run with sudo?), so this run cannot use the node it holds. ` +
      `\`sudo chown -R ${uid} '${folder}'\` gives it back (stop that user's node first: \`sudo pnpm broker:stop\`).`,
  );
}

/** The uid that owns `path`, or undefined when there is nothing there. */
function ownerOf(path: string): number | undefined {
  try {
    return lstatSync(path).uid;
  } catch {
    return undefined;
  }
}

/** A boot that did not come up (its log's last lines in the message): damaged data, a full disk, a bad configuration… */
export class BootFailedError extends Error {
  readonly code = "ERR_BOOT_FAILED";
  override readonly name = "BootFailedError";
}

/** A node start that failed on a port another program holds: the same node on other ports would start. */
export class PortTakenError extends Error {
  readonly code = "ERR_PORT_TAKEN";
  override readonly name = "PortTakenError";
}

/** How long a SIGKILLed node's VM may take to be gone; the kernel needs well under a second. */
export const KILL_TIMEOUT_MS = 10_000;

/** Rounds of SIGKILL for a failed boot: its launcher's erlexec, the erlexec it forks, the VM that one execs. */
const BOOT_KILL_ROUNDS = 3;

/** A graceful stop takes ~10 s (quorum queues shutting down); one still running after this is cut short by killing the VM. */
const STOP_TIMEOUT_MS = 60_000;

/** How long a start waits for another process's stop of the node: that stop's own bound, its kill, and a margin. */
const STOP_WAIT_MS = STOP_TIMEOUT_MS + KILL_TIMEOUT_MS + 10_000;

/** A start that holds the start lock ends within its stop wait, its boot and its kill; the margin covers pings and the spawn. */
function startLockWaitMs(bootTimeoutSeconds: number): number {
  return STOP_WAIT_MS + Math.max(bootTimeoutSeconds, BOOT_TIMEOUT_SECONDS) * 1000 + KILL_TIMEOUT_MS + 30_000;
}

/** How often a watched node whose VM cannot be seen in /proc is pinged instead, in watch rounds. */
const PING_EVERY_ROUNDS = 10;

/** Failed pings in a row that mean a watched node is gone: on a starved machine one can fail while the node runs. */
const FAILED_PINGS_TO_STOP = 2;

/** Carries a start's boot id into the environment of the VM it spawns. */
const BOOT_VARIABLE = "STACK_BROKER_BOOT";

/** The plugins a node enables: rabbitmq/'s file, copied as it is. */
const ENABLED_PLUGINS = "enabled_plugins";
/** What rabbitmq.conf cannot say, such as refusing a STOMP CONNECT without login; copied as it is too. */
const ADVANCED_CONFIG = "advanced.config";

/**
 * A project-local RabbitMQ node: its configuration is rendered from
 * rabbitmq/, its data, logs and Erlang cookie live in .rabbitmq/<name>/,
 * and it runs as the current user by calling RabbitMQ's scripts directly.
 */
export class BrokerNode {
  readonly name: string;
  readonly ports: BrokerPorts;
  readonly dataDir: string;
  private readonly configDir: string;
  /** The admin and consumer passwords of this node: never the published ones (node-passcodes.ts). */
  private readonly passcodes: NodePasscodes;

  /**
   * `pnpm start` prints the node's own passwords, which `adminCredentials`
   * and `amqpUrl` carry. A test node is given its consumer password by its
   * caller: a client left over from an earlier test keeps reconnecting to
   * its old node's port, and if this node got that port, the same password
   * would let it in.
   */
  constructor(name: string, ports: BrokerPorts, root = repoRoot(), options: { consumerPasscode?: string } = {}) {
    this.name = name;
    this.ports = ports;
    this.configDir = join(root, "rabbitmq");
    this.dataDir = join(root, ".rabbitmq", name);
    this.passcodes = new NodePasscodes(this.dataDir, join(this.configDir, "definitions.json"), { consumer: options.consumerPasscode });
  }

  /** The Erlang node name rabbitmqctl addresses. */
  get nodeName(): string {
    return `${this.name}@localhost`;
  }

  get webStompUrl(): string {
    return `ws://127.0.0.1:${this.ports.webStomp}/ws`;
  }

  get managementUrl(): string {
    return `http://127.0.0.1:${this.ports.management}/`;
  }

  /** The consumer's AMQP URL on the project vhost. */
  get amqpUrl(): string {
    return this.amqpUrlFor(this.consumerCredentials);
  }

  /** Whether the node runs with its own password for `login` yet (NodePasscodes.hasOwn). */
  hasOwnPasscode(login: PrivateLogin): boolean {
    return this.passcodes.hasOwn(login);
  }

  /** The administrator's login on this node (management UI and API, and AMQP for tests' bookkeeping). */
  get adminCredentials(): BrokerCredentials {
    return this.passcodes.credentials("admin");
  }

  /** The consumer's login on this node (AMQP only, by its permissions' intent; `amqpUrl` carries it). */
  get consumerCredentials(): BrokerCredentials {
    return this.passcodes.credentials("consumer");
  }

  amqpUrlFor(credentials: BrokerCredentials): string {
    const user = encodeURIComponent(credentials.login);
    const password = encodeURIComponent(credentials.passcode);
    return `amqp://${user}:${password}@127.0.0.1:${this.ports.amqp}/${encodeURIComponent(VHOST)}`;
  }

  private get pidFile(): string {
    return join(this.dataDir, "rabbitmq.pid");
  }

  /** Exists while a process stops the node (stop-marker.ts). */
  private get stopMarkerFile(): string {
    return join(this.dataDir, "stopping");
  }

  private get logFile(): string {
    return join(this.dataDir, "log", `${this.nodeName}.log`);
  }

  /** Environment for RabbitMQ's scripts: everything points into dataDir, nothing listens beyond loopback. */
  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: this.dataDir,
      RABBITMQ_NODENAME: this.nodeName,
      RABBITMQ_CONFIG_FILE: join(this.dataDir, "rabbitmq.conf"),
      RABBITMQ_ADVANCED_CONFIG_FILE: join(this.dataDir, ADVANCED_CONFIG),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(this.dataDir, ENABLED_PLUGINS),
      RABBITMQ_MNESIA_BASE: join(this.dataDir, "mnesia"),
      RABBITMQ_LOG_BASE: join(this.dataDir, "log"),
      RABBITMQ_PID_FILE: this.pidFile,
      RABBITMQ_DIST_PORT: String(this.ports.distribution),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
      // rabbitmqctl is a distributed Erlang node too: without this it listens on 0.0.0.0:35672 while it runs.
      RABBITMQ_CTL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
      ERL_EPMD_ADDRESS: "127.0.0.1",
      // A VM that dies at boot (one that lost its node's name to another start's) dumps here, not in the caller's folder.
      ERL_CRASH_DUMP: join(this.dataDir, "erl_crash.dump"),
    };
  }

  /** Runs rabbitmqctl against this node; throws with its output when it fails. */
  async ctl(...args: string[]): Promise<string> {
    const result = await run(RABBITMQCTL, ["-n", this.nodeName, ...args], this.env);
    if (result.code !== 0) {
      throw new Error(`rabbitmqctl ${args.join(" ")} failed (${result.code}):\n${result.stderr || result.stdout}`);
    }
    return result.stdout;
  }

  async isRunning(): Promise<boolean> {
    // A node runs from the configuration a start wrote: without it, no ping (an Erlang VM's boot, ~1 s) is needed to know.
    if (!existsSync(RABBITMQCTL) || !existsSync(join(this.dataDir, "rabbitmq.conf"))) return false;
    const result = await run(RABBITMQCTL, ["-n", this.nodeName, "ping"], this.env);
    return result.code === 0;
  }

  /**
   * The node's server VMs that still run although its folder was deleted
   * under them (`git clean -fdx`, `rm -rf .rabbitmq`): they hold the node's
   * ports, and nothing can reach them any more (the Erlang cookie and the
   * passwords went with the folder), but /proc still shows the folder on
   * their command line. A VM being booted always has its configuration
   * written first, so one without it is no boot.
   */
  orphanedVms(): number[] {
    if (existsSync(join(this.dataDir, "rabbitmq.conf"))) return [];
    return this.serverVms();
  }

  /**
   * The login of each AMQP client connection the running node has, one entry
   * per connection. Asked of the node itself through rabbitmqctl: the
   * management API's list lags by seconds, long enough to miss a consumer
   * that has just connected. `list_connections` leaves out Web-STOMP
   * connections (RabbitMQ 3.10), so browsers do not show here; the consumer
   * of a running `stack start` or `stack dev` does.
   */
  async amqpConnectionLogins(): Promise<string[]> {
    const listed = await this.ctl("list_connections", "user", "--silent", "--formatter", "json");
    return (JSON.parse(listed) as { user: string }[]).map((connection) => connection.user);
  }

  /**
   * Calls the management HTTP API on this node's port as its admin user (the
   * one login it lets in); rejects, with the status and the broker's words,
   * unless the answer is 2xx. `as` calls it with other credentials.
   */
  async managementApi(path: string, request: ManagementRequest = {}, as: BrokerCredentials = this.adminCredentials): Promise<Response> {
    const { method = "GET", body, signal = AbortSignal.timeout(10_000) } = request;
    const { login, passcode } = as;
    const response = await fetch(new URL(path, this.managementUrl), {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${login}:${passcode}`).toString("base64")}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal,
    });
    if (!response.ok) throw new Error(`the management API answered ${method} ${path} with ${response.status}: ${await response.text()}`);
    return response;
  }

  /**
   * Whether a broker that is not this node, such as the Docker compose one,
   * answers on its management port with the project's published admin user,
   * as a broker loading rabbitmq/definitions.json does.
   */
  async isOtherBrokerServing(): Promise<boolean> {
    try {
      await this.managementApi(`api/vhosts/${encodeURIComponent(VHOST)}`, { signal: AbortSignal.timeout(OTHER_BROKER_CHECK_MS) }, BROKER_USERS.admin);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Boots the node unless it already runs; resolves once it accepts clients.
   * Fails, saying what to install, if RabbitMQ is missing: only the stack
   * CLI installs it (ensureRabbitmqInstalled), never a test. Another
   * process's start of the node, or stop of it, is waited for first (`log`
   * says so): the node is then found running, or booted afresh. Once
   * `signal` aborts (a stop request), the waits end and nothing is booted:
   * "not started".
   */
  async start(options: { bootTimeoutSeconds?: number; log?: (line: string) => void; signal?: AbortSignal } = {}): Promise<StartOutcome> {
    requireRabbitmq();
    const seconds = options.bootTimeoutSeconds ?? BOOT_TIMEOUT_SECONDS;
    const log = options.log ?? (() => undefined);
    const { signal } = options;
    requireOwnFolder(dirname(this.dataDir));
    mkdirSync(this.dataDir, { recursive: true });
    // The lock is named after the node's folder: held by the process booting the node (start-lock.ts).
    const release = await acquireStartLock(this.dataDir, {
      timeoutMs: startLockWaitMs(seconds),
      onWait: (holderPid) => { log(`Another start of node ${this.nodeName} (pid ${holderPid ?? "unknown"}) is under way: waiting for it…`); },
      signal,
    });
    if (release === undefined) return "not started";
    try {
      for (;;) {
        if (!(await this.waitForAnotherStop(log, signal))) return "not started";
        const running = await this.isRunning();
        // A stop that began during the ping (which takes a second) is waited for too, rather than a node about to go used.
        if (stopUnderWay(this.stopMarkerFile) !== undefined) continue;
        if (running) {
          this.refuseOtherPorts();
          // A node left running across a pull still has the definitions it booted with (site permissions
          // among them): load the current ones, as its next boot would. The import adds and updates; it
          // removes nothing that a pull took out of the file.
          try {
            await this.ctl("import_definitions", this.passcodes.writeDefinitions());
          } catch (error) {
            // A stop that began since the ping, or a node gone meanwhile, is what the loop waits for or boots after.
            if (stopUnderWay(this.stopMarkerFile) !== undefined || !(await this.isRunning())) continue;
            const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
            log(
              `Could not load the current definitions into node ${this.nodeName} (${reason}): it runs with those it has, and its admin and consumer passwords may still be the ones it had. ` +
                "If a pull changed a queue's arguments, `pnpm broker:reset` rebuilds the node from the current ones (it deletes the node's data, purchases still queued included).",
            );
          }
          return "already running";
        }
        break;
      }
      const orphans = this.orphanedVms();
      if (orphans.length > 0) throw new Error(orphanedMessage(this.nodeName, this.dataDir, orphans));
      if (await this.isOtherBrokerServing()) return "served elsewhere";
      await this.refuseTakenPorts();
      // A stop requested during the waits or the checks: a boot now would start a node only to stop it.
      if (signal?.aborted === true) return "not started";
      await this.boot(seconds);
      return "started";
    } finally {
      release();
    }
  }

  /**
   * Spawns the VM and waits for it to accept clients; a boot that does not
   * get there within `seconds` of the spawn is killed. The spawn itself
   * (the launcher returns once the VM has forked off, ~0.1 s) has no bound.
   */
  private async boot(seconds: number): Promise<void> {
    this.writeConfiguration();
    const boot = randomBytes(8).toString("hex");
    const deadline = Date.now() + seconds * 1000;
    await this.spawnDetached(boot);
    // `wait`'s own --timeout bounds only the wait for the pid file and the node's name; the wait for the
    // applications that follows has none. Killing the wait at the deadline is what bounds the boot.
    const waited = await run(RABBITMQCTL, ["-n", this.nodeName, "wait", "--timeout", String(seconds), this.pidFile], this.env, {
      timeoutMs: Math.max(deadline - Date.now(), 0),
    });
    if (waited.code !== 0 || !(await this.isRunning())) {
      // A boot that is only slow would finish later, and the next start would take that node for one left
      // running on purpose: nothing of a failed start stays behind. Its data does, with the log read below.
      let killFailure: unknown;
      try {
        await this.kill(boot);
      } catch (error) {
        killFailure = error;
      }
      const log = this.readLog();
      const within = waited.timedOut ? ` within ${seconds} s` : "";
      let message = `RabbitMQ node ${this.nodeName} did not start${within}. Last lines of ${this.logFile}:\n${tailOf(log)}`;
      // The boot's error stays the one thrown, with the kill's as its cause: startTestBroker retries on other ports when it is a PortTakenError.
      const options = killFailure === undefined ? undefined : { cause: killFailure };
      if (killFailure instanceof Error) message += `\nKilling its VM failed too: ${killFailure.message}`;
      // Anywhere in the log, not only its tail: the listener that failed may have been followed by pages of shutdown.
      throw /eaddrinuse/i.test(log ?? "") ? new PortTakenError(message, options) : new BootFailedError(message, options);
    }
  }

  /**
   * Waits while another process stops the node. Until its VM exits, the
   * node still answers pings: a start that did not wait would use a node
   * about to vanish, or find its ports taken. A marker whose stoppers are
   * all gone is stale, and removed. False if `signal` aborted first.
   */
  private async waitForAnotherStop(log: (line: string) => void, signal: AbortSignal | undefined): Promise<boolean> {
    const stop = stopUnderWay(this.stopMarkerFile);
    if (stop === undefined) {
      clearStopMarker(this.stopMarkerFile);
      return true;
    }
    // Another run's Ctrl-C, or a `pnpm broker:stop` or `broker:reset`: whoever it is, the pid names it.
    log(`Waiting for node ${this.nodeName} to stop: another process (pid ${livePids(stop.stoppers)}) is stopping it…`);
    const waited = await waitForStop(this.stopMarkerFile, STOP_WAIT_MS, { signal });
    if (waited === "timed out") {
      throw new Error(`Node ${this.nodeName} is still being stopped after ${STOP_WAIT_MS / 1000} s (see ${this.stopMarkerFile}); try again once it is down.`);
    }
    return waited === "stopped";
  }

  /**
   * Stops the node if it runs; its data stays for the next start. A stop
   * still running after timeoutMs (STOP_TIMEOUT_MS) is cut short: the VM is
   * killed, and `log` says so. While another process stops the node, this
   * waits for that stop instead (up to waitMs, STOP_WAIT_MS unless told),
   * and fails if it is not over by then.
   */
  async stop(options: { timeoutMs?: number; waitMs?: number; log?: (line: string) => void } = {}): Promise<void> {
    const log = options.log ?? (() => undefined);
    if (stopUnderWay(this.stopMarkerFile) !== undefined) {
      log(`Node ${this.nodeName} is being stopped by another process: waiting for it…`);
      const waitMs = options.waitMs ?? STOP_WAIT_MS;
      if ((await waitForStop(this.stopMarkerFile, waitMs)) !== "stopped") {
        const by = livePids(stopUnderWay(this.stopMarkerFile)?.stoppers ?? []);
        throw new Error(
          `Node ${this.nodeName} is still being stopped by another process (pid ${by}) after ${waitMs / 1000} s, and may still be running. ` +
            `Once that process has ended, stop the node again (\`pnpm broker:stop\`); if it hangs, end it first (\`kill ${by}\`).`,
        );
      }
      return;
    }
    const timeoutMs = options.timeoutMs ?? STOP_TIMEOUT_MS;
    const ours: ProcessIdentity[] = [identify(process.pid)];
    const [vmPid] = this.vmPids(undefined);
    let markerFailed = false;
    const announce = () => {
      try {
        announceStop(this.stopMarkerFile, { stoppers: ours });
      } catch (error) {
        // The marker only makes a start that comes meanwhile wait: without it (a full disk, a folder not ours), the node must still be stopped.
        if (!markerFailed) log(`Could not mark node ${this.nodeName} as stopping (${(error as Error).message}): stopping it all the same.`);
        markerFailed = true;
      }
    };
    // Written before anything else, the ping included (a second): from then on a start waits instead of using the node.
    if (existsSync(this.dataDir)) announce();
    try {
      if (!(await this.isRunning())) {
        await this.killOrphans(log);
        return;
      }
      const result = await run(RABBITMQCTL, ["-n", this.nodeName, "stop", this.pidFile], this.env, {
        timeoutMs,
        // rabbitmqctl, in a process group of its own, finishes the stop even when this process is killed (a second Ctrl-C).
        onSpawn: (ctl) => {
          ours.push(identify(ctl));
          announce();
        },
      });
      if (result.timedOut) {
        log(`Node ${this.nodeName} did not stop within ${timeoutMs / 1000} s: killing its VM${vmPid === undefined ? "" : ` (pid ${vmPid})`}.`);
        await this.kill();
      } else if (result.code !== 0) {
        throw new Error(`rabbitmqctl stop failed (${result.code}):\n${result.stderr || result.stdout}`);
      }
    } finally {
      // Not while another stop begun at the same time still runs its rabbitmqctl: the node may not be down yet.
      clearStopMarker(this.stopMarkerFile, ours);
    }
  }

  /**
   * Resolves, saying what happened, once the running node stops under a
   * run that uses it (killed for memory, `pnpm broker:stop`, another run's
   * stop), or with undefined once `signal` aborts. It watches the VM (its
   * pid and start time, so that a later process given the pid does not
   * pass for it) and the stop marker, which cost nothing, where a ping boots
   * an Erlang VM (~1 s of CPU) every time. A node whose VM this folder does
   * not show (one run from another checkout under the same name) is pinged,
   * less often, and taken for gone after FAILED_PINGS_TO_STOP failures in a
   * row.
   */
  async untilStopped(signal: AbortSignal, pollMs = 1000): Promise<string | undefined> {
    const [vmPid] = this.vmPids(undefined);
    const vm = vmPid === undefined ? undefined : identify(vmPid);
    let failedPings = 0;
    for (let round = 1; ; round += 1) {
      try {
        await sleep(pollMs, undefined, { signal });
      } catch {
        return undefined;
      }
      const stopper = stopUnderWay(this.stopMarkerFile)?.stoppers.find((one) => one.pid !== process.pid);
      if (stopper !== undefined) return `is being stopped by another process (pid ${stopper.pid})`;
      if (vm !== undefined) {
        if (!isSameProcessAlive(vm)) return `stopped: its VM (pid ${vm.pid}) is gone`;
      } else if (round % PING_EVERY_ROUNDS === 0) {
        failedPings = (await this.isRunning()) ? 0 : failedPings + 1;
        if (failedPings >= FAILED_PINGS_TO_STOP && !signal.aborted) return "stopped: it no longer answers";
      }
    }
  }

  /**
   * Runs `work` once no start of this node is under way in another process,
   * and keeps new starts waiting until it is done. For the command line's
   * stop and reset: while another process boots the node, it does not run
   * yet, so a stop would find nothing to stop (and the node would come up
   * right after), and a reset would delete its files under the booting VM.
   * Not for a process that may hold the lock itself (a start's own Ctrl-C).
   */
  async withoutStartUnderWay<T>(work: () => Promise<T>, log: (line: string) => void = () => undefined): Promise<T> {
    const release = await acquireStartLock(this.dataDir, {
      timeoutMs: startLockWaitMs(BOOT_TIMEOUT_SECONDS),
      onWait: (holderPid) => {
        log(`A start of node ${this.nodeName} (pid ${holderPid ?? "unknown"}) is under way: waiting for it to finish first…`);
      },
    });
    // Without a signal, the wait ends only with the lock or with its timeout's error.
    if (release === undefined) throw new Error(`the start lock of node ${this.nodeName} was not taken`);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Stops the node and deletes its data: the next start loads the definitions afresh. */
  async reset(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Kills the node at once and deletes its data. For test nodes, whose data
   * nobody wants back: a graceful stop costs ~10 s, mostly quorum queues
   * shutting down cleanly.
   */
  async destroy(): Promise<void> {
    try {
      await this.kill();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }

  /**
   * SIGKILLs the node's server VM if it runs, and waits for it to be gone so
   * that its ports are free. A failed start passes its boot's id, to kill
   * only what it spawned (vmPids), however far that got: the launcher
   * returns once erlexec has forked, and erlexec forks once more before it
   * becomes the VM, so a boot given up right after the spawn may still be
   * an erlexec. Each round kills what /proc shows of the boot, until
   * nothing of it is left.
   */
  private async kill(boot?: string): Promise<void> {
    for (let round = 0; round < BOOT_KILL_ROUNDS; round++) {
      const pids = this.vmPids(boot);
      if (pids.length === 0) return;
      for (const pid of pids) await this.killAndWait(pid);
      if (boot === undefined) return;
    }
    const left = this.vmPids(boot);
    if (left.length > 0) throw new Error(`RabbitMQ node ${this.nodeName}'s boot still has processes after ${BOOT_KILL_ROUNDS} rounds of SIGKILL: ${left.join(", ")}.`);
  }

  /** SIGKILLs the VMs orphanedVms() finds: no graceful stop can reach them, and the data they ran on is gone already. */
  private async killOrphans(log: (line: string) => void): Promise<void> {
    for (const pid of this.orphanedVms()) {
      log(`Node ${this.nodeName}'s folder ${this.dataDir} was deleted while it ran: killing its VM (pid ${pid}), which nothing else can reach.`);
      await this.killAndWait(pid);
    }
  }

  private async killAndWait(pid: number): Promise<void> {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone already: another test process removing the same abandoned node got there first.
    }
    // Wait for the ports to be released before the next start takes them, but not forever: a teardown must end.
    if (!(await waitUntilGone(pid, KILL_TIMEOUT_MS))) {
      throw new Error(`RabbitMQ node ${this.nodeName} (pid ${pid}) still runs ${KILL_TIMEOUT_MS / 1000} s after SIGKILL; its ports may stay taken.`);
    }
  }

  /**
   * The node's server VM. For a failed start, only the VM it spawned, known
   * by the boot id in its environment however far the boot got: two starts
   * of the development node at once boot two VMs of one name, the pid file
   * both write may name either, and the other start's VM is booting as it
   * should. Otherwise (destroy) the one the pid file names, or, while there
   * is no pid file (early in a boot), the one /proc shows. Not /proc when
   * the file names a dead pid: that is a VM that lost such a race, and the
   * one /proc shows is the winner's.
   */
  private vmPids(boot: string | undefined): number[] {
    if (boot !== undefined) return this.bootProcesses(boot);
    const written = this.readPidFile();
    if (written === undefined) return this.serverVms();
    const pid = Number(written.trim());
    return this.isServerVm(pid) ? [pid] : [];
  }

  /** This node's server VMs that /proc shows: one, unless starts race. */
  private serverVms(): number[] {
    return processIds().filter((pid) => this.isServerVm(pid));
  }

  /**
   * What /proc shows of one boot: its server VM, or the erlexec that is to
   * become it, known by the boot id in their environment. Not the epmd it
   * may have started, which other nodes share, nor the VM's own helpers,
   * which die with it.
   */
  private bootProcesses(boot: string): number[] {
    return processIds().filter((pid) => {
      if (!environmentOf(pid).includes(`${BOOT_VARIABLE}=${boot}`)) return false;
      try {
        return isBootingServerCommandLine(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"), this.dataDir);
      } catch {
        return false;
      }
    });
  }

  /** Whether the process is alive and is this node's server VM; a pid file that outlived its node (a reboot) may name a pid since given to something else. */
  private isServerVm(pid: number): boolean {
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
    try {
      return isServerVmCommandLine(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"), this.dataDir);
    } catch {
      return false;
    }
  }

  /** The pid file's content, or undefined while there is none. */
  private readPidFile(): string | undefined {
    try {
      return readFileSync(this.pidFile, "utf8");
    } catch {
      return undefined;
    }
  }

  /** Throws when the running node listens on other ports than this one's (`otherPortsMessage`), as its rabbitmq.conf says. */
  private refuseOtherPorts(): void {
    let rendered: string;
    try {
      rendered = readFileSync(join(this.dataDir, "rabbitmq.conf"), "utf8");
    } catch {
      // isRunning() found the file; one gone since leaves nothing to compare.
      return;
    }
    const message = otherPortsMessage(this.nodeName, this.ports, renderedPorts(rendered));
    if (message !== undefined) throw new Error(message);
  }

  private async refuseTakenPorts(): Promise<void> {
    for (const key of Object.keys(this.ports) as (keyof BrokerPorts)[]) {
      const port = this.ports[key];
      if (await isPortTaken(port)) throw new PortTakenError(portTakenMessage(this.nodeName, key, port, hasSystemd()));
    }
  }

  /** Puts this node's configuration, rendered from rabbitmq/, into its data folder; start() calls it before every boot. */
  writeConfiguration(): void {
    mkdirSync(join(this.dataDir, "log"), { recursive: true });
    const template = readFileSync(join(this.configDir, "rabbitmq.conf"), "utf8");
    const rendered = renderConfiguration(template, this.ports, this.passcodes.writeDefinitions());
    writeFileSync(join(this.dataDir, "rabbitmq.conf"), rendered);
    for (const file of [ENABLED_PLUGINS, ADVANCED_CONFIG]) copyFileSync(join(this.configDir, file), join(this.dataDir, file));
  }

  /** Runs rabbitmq-server with `boot` in its environment, which its VM inherits: kill() tells the VM by it. */
  private spawnDetached(boot: string): Promise<void> {
    return new Promise((resolve, reject) => {
      // Its own process group, as for run(): a Ctrl-C must not kill the launcher before the node has detached.
      const child = spawn(RABBITMQ_SERVER, ["-detached"], { env: { ...this.env, [BOOT_VARIABLE]: boot }, stdio: "ignore", detached: true });
      child.once("error", reject);
      child.once("exit", (code) => {
        if (code === 0) resolve();
        else reject(new Error(`rabbitmq-server -detached exited with ${code}. Log:\n${tailOf(this.readLog())}`));
      });
    });
  }

  /** The node's log file, or undefined before it has written one. */
  private readLog(): string | undefined {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : undefined;
  }
}

/** The pids of the processes that still run, for a message. */
function livePids(identities: readonly ProcessIdentity[]): string {
  return identities.filter(isSameProcessAlive).map((identity) => identity.pid).join(", ");
}

/** A log's last lines, enough to say why a boot failed. */
function tailOf(log: string | undefined): string {
  return log === undefined ? "(no log written)" : log.split("\n").slice(-25).join("\n");
}
