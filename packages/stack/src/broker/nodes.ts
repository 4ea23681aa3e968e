import { randomBytes } from "node:crypto";
import { freePort } from "../ports.js";
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

/**
 * Boots a fresh node for a test run: its own name, its own free ports and
 * its own data, so tests pass while `pnpm start` runs. Call `destroy()` when
 * done: it kills the node and deletes its data.
 */
export async function startTestBroker(log?: (line: string) => void): Promise<BrokerNode> {
  const ports: BrokerPorts = {
    amqp: await freePort(),
    webStomp: await freePort(),
    management: await freePort(),
    distribution: await freePort(),
  };
  const node = new BrokerNode(`test-${process.pid}-${randomBytes(3).toString("hex")}`, ports);
  await node.start(log);
  return node;
}
