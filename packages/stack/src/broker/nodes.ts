import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../ports.js";
import { isAlive } from "../processes.js";
import { repoRoot } from "../repo-root.js";
import type { BrokerPorts } from "./broker-node.js";
import { BROKER_PORT_VARIABLES, BrokerNode, DEFAULT_BROKER_PORTS } from "./broker-node.js";

function portFromEnv(env: NodeJS.ProcessEnv, key: keyof BrokerPorts): number {
  const variable = BROKER_PORT_VARIABLES[key];
  const raw = env[variable];
  if (raw === undefined || raw === "") return DEFAULT_BROKER_PORTS[key];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${variable}=${raw} is not a TCP port`);
  return port;
}

/** The node `pnpm start` and `pnpm broker:*` use: named by BROKER_NODE (default `tickets`), default ports unless overridden. */
export function developmentBroker(env: NodeJS.ProcessEnv = process.env): BrokerNode {
  const ports: BrokerPorts = {
    amqp: portFromEnv(env, "amqp"),
    webStomp: portFromEnv(env, "webStomp"),
    management: portFromEnv(env, "management"),
    distribution: portFromEnv(env, "distribution"),
  };
  return new BrokerNode(env.BROKER_NODE ?? "tickets", ports);
}

/** Boots of a test node, each on freshly picked ports, before a port taken under it is an error. */
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
 */
export async function startTestBroker(log?: (line: string) => void): Promise<BrokerNode> {
  const abandoned = await removeAbandonedTestNodes();
  if (abandoned.length > 0) log?.(`Removed test nodes of runs that ended without cleaning up: ${abandoned.join(", ")}`);
  for (let attempt = 1; ; attempt += 1) {
    const ports: BrokerPorts = {
      amqp: await freePort(),
      webStomp: await freePort(),
      management: await freePort(),
      distribution: await freePort(),
    };
    const node = new BrokerNode(`test-${process.pid}-${randomBytes(3).toString("hex")}`, ports, repoRoot(), {
      consumerPasscode: randomBytes(12).toString("hex"),
    });
    try {
      await node.start();
      return node;
    } catch (error) {
      await node.destroy();
      // Another process may have started listening on a port picked a few seconds earlier: pick again.
      const portTaken = error instanceof Error && error.message.includes("eaddrinuse");
      if (!portTaken || attempt >= BOOT_ATTEMPTS) throw error;
      log?.(`Node ${node.name} found a port taken while booting; trying again with other ports`);
    }
  }
}
