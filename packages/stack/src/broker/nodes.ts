import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, isPortTaken } from "../ports.js";
import { isAlive } from "../process-identity.js";
import { repoRoot } from "../repo-root.js";
import { BOOT_TIMEOUT_SECONDS, BrokerNode, PortTakenError } from "./broker-node.js";
import type { BrokerPorts } from "./node-configuration.js";
import { BROKER_PORT_VARIABLES, DEFAULT_BROKER_PORTS } from "./node-configuration.js";
import { bootSecondsLeft, TEST_BOOT_BUDGET_MS } from "./boot-budget.js";

/** The TCP port an environment variable names, or the fallback when it is unset or empty; throws, naming the variable, when it names none. */
export function portFromEnv(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${variable}=${raw} is not a TCP port`);
  return port;
}

function brokerPortFromEnv(env: NodeJS.ProcessEnv, key: keyof BrokerPorts): number {
  return portFromEnv(env, BROKER_PORT_VARIABLES[key], DEFAULT_BROKER_PORTS[key]);
}

/**
 * BROKER_NODE, or `tickets` when unset or empty. The name becomes a folder
 * under .rabbitmq/ that `broker:reset` deletes, so it may hold no path:
 * an empty name would be .rabbitmq itself, `../x` a folder outside it.
 */
function nodeNameFromEnv(env: NodeJS.ProcessEnv): string {
  const name = env.BROKER_NODE;
  if (name === undefined || name === "") return "tickets";
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`BROKER_NODE=${name} is not a node name: use letters, digits, - and _ only`);
  return name;
}

/** The node `pnpm start` and `pnpm broker:*` use: named by BROKER_NODE (default `tickets`), default ports unless overridden. */
export function developmentBroker(env: NodeJS.ProcessEnv = process.env): BrokerNode {
  const ports: BrokerPorts = {
    amqp: brokerPortFromEnv(env, "amqp"),
    webStomp: brokerPortFromEnv(env, "webStomp"),
    management: brokerPortFromEnv(env, "management"),
    distribution: brokerPortFromEnv(env, "distribution"),
  };
  return new BrokerNode(nodeNameFromEnv(env), ports);
}

/** Boots of a test node, each on freshly picked ports, before a port taken under it is an error; the budget may allow fewer. */
const BOOT_ATTEMPTS = 3;

/** A test node's name: the pid of the process that started it, and a random suffix. */
const TEST_NODE_NAME = /^test-(\d+)-[0-9a-f]{6}$/;

/**
 * Kills and deletes the test nodes whose test process is gone. A run
 * stopped before its teardown (Ctrl-C, a crash, a CI timeout) leaves its
 * node running: memory, four ports, and a target for whatever still
 * reconnects to them. Returns the names of the nodes it removed.
 */
export async function removeAbandonedTestNodes(root = repoRoot()): Promise<string[]> {
  const nodesDir = join(root, ".rabbitmq");
  if (!existsSync(nodesDir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(nodesDir)) {
    const owner = TEST_NODE_NAME.exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    try {
      // destroy() needs only the name: it kills by pid file and deletes the folder.
      await new BrokerNode(name, DEFAULT_BROKER_PORTS, root).destroy();
      removed.push(name);
    } catch {
      // Test processes starting side by side may race for the same leftover; whoever loses leaves it to the winner.
    }
  }
  return removed;
}

/**
 * Boots a fresh node for a test run: its own name, its own free ports and
 * its own data, so tests pass while `pnpm start` runs. Call `destroy()` when
 * done: it kills the node and deletes its data. Nodes that earlier runs
 * abandoned are removed first. The consumer login gets a password of this
 * node's own (`amqpUrl` carries it), so no leftover client can join it.
 *
 * A boot that fails on a port, however it shows, is tried again on other
 * ports. Whatever happens, it returns or throws within TEST_BOOT_BUDGET_MS,
 * inside a beforeAll's timeout, and a node it does not return is destroyed.
 * It never installs RabbitMQ: without it, it fails saying what to install.
 */
export async function startTestBroker(log?: (line: string) => void): Promise<BrokerNode> {
  const deadline = Date.now() + TEST_BOOT_BUDGET_MS;
  const abandoned = await removeAbandonedTestNodes();
  if (abandoned.length > 0) log?.(`Removed test nodes of runs that ended without cleaning up: ${abandoned.join(", ")}`);
  let failure: unknown = new Error(`startTestBroker spent its ${TEST_BOOT_BUDGET_MS / 1000} s before it could boot a node`);
  for (let attempt = 1; attempt <= BOOT_ATTEMPTS; attempt += 1) {
    const bootTimeoutSeconds = bootSecondsLeft(deadline, BOOT_TIMEOUT_SECONDS);
    if (bootTimeoutSeconds === undefined) break;
    const node = await newTestNode();
    watchOverTestNode(node);
    try {
      await bootTestNode(node, bootTimeoutSeconds);
      return node;
    } catch (error) {
      await destroyAfter(node, error);
      failure = error;
      if (!(error instanceof PortTakenError) && !(await anyPortTaken(node.ports))) break;
      if (attempt < BOOT_ATTEMPTS) log?.(`Node ${node.name} found a port taken while booting; trying again with other ports`);
    }
  }
  throw failure;
}

/**
 * The watchdog's script: beside this module once built; from source (the
 * stack's own tests), the built one, which turbo builds before any test.
 */
function watchdogScript(): string {
  const beside = fileURLToPath(new URL("./test-node-watchdog.js", import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(repoRoot(), "packages", "stack", "dist", "broker", "test-node-watchdog.js");
  if (existsSync(built)) return built;
  throw new Error(`${built} is missing: run \`pnpm build\` first.`);
}

/**
 * Starts the process that destroys `node` once this one is gone, before
 * its teardown could (test-node-watchdog.ts). Neither it nor its pipe keeps
 * this process alive.
 */
function watchOverTestNode(node: BrokerNode): void {
  const watchdog = spawn(process.execPath, [watchdogScript(), node.name, repoRoot()], { stdio: ["pipe", "ignore", "ignore"], detached: true });
  // A spawn that fails (no process slot left, say) must not crash the test: the next startTestBroker() removes the node.
  watchdog.once("error", () => undefined);
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
}

/**
 * A node named for this process, on ports no other node or site of this
 * process was given. Its name is one no folder has, so its start cannot
 * find an earlier node of this process running under it.
 */
async function newTestNode(): Promise<BrokerNode> {
  const ports: BrokerPorts = {
    amqp: await freePort(),
    webStomp: await freePort(),
    management: await freePort(),
    distribution: await freePort(),
  };
  for (;;) {
    const node = new BrokerNode(`test-${process.pid}-${randomBytes(3).toString("hex")}`, ports, repoRoot(), {
      consumerPasscode: randomBytes(12).toString("hex"),
    });
    if (!existsSync(node.dataDir)) return node;
  }
}

/** Starts a test node, which must be a node of its own: a test never shares a broker. */
async function bootTestNode(node: BrokerNode, bootTimeoutSeconds: number): Promise<void> {
  const outcome = await node.start({ bootTimeoutSeconds });
  switch (outcome) {
    case "started":
      return;
    case "served elsewhere":
      // Another broker with the published definitions (a Docker one) took the management port after it was picked: the test would use it.
      throw new PortTakenError(`Another broker with this project's definitions answers on ${node.managementUrl}, picked for test node ${node.name}.`);
    case "already running":
      // newTestNode's name has no folder, and a node runs only from its folder.
      throw new Error(`A node named ${node.name} was already running, though its name was new.`);
    case "not started":
      // Only a start given a signal gives up before its boot, and this one has none.
      throw new Error(`Test node ${node.name} was not started.`);
  }
}

/** Destroys a node that failed to boot; a failure to do so is reported beside the boot's. */
async function destroyAfter(node: BrokerNode, bootError: unknown): Promise<void> {
  try {
    await node.destroy();
  } catch (cleanupError) {
    throw new AggregateError([bootError, cleanupError], `test node ${node.name} failed to boot, then to be destroyed`, { cause: cleanupError });
  }
}

/**
 * Whether a port of a failed node is now held by something else. A port
 * taken under a booting node does not always say eaddrinuse in its log
 * (Erlang distribution's does not), but once the node is gone its ports
 * should be free.
 */
async function anyPortTaken(ports: BrokerPorts): Promise<boolean> {
  for (const port of [ports.amqp, ports.webStomp, ports.management, ports.distribution]) if (await isPortTaken(port)) return true;
  return false;
}
