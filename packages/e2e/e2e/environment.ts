import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { BrokerPorts } from "@repo/stack";
import { BrokerNode, freePort, reservePorts } from "@repo/stack";

/**
 * What the run shares between the config, the global setup and the test
 * workers. Workers load the config again and inherit the environment, so
 * values are decided once and left in environment variables.
 */

const SITE_PORTS = "TICKETS_E2E_SITE_PORTS";
const BROKER = "TICKETS_E2E_BROKER";

/**
 * The port each site's `vite preview` serves on: free ports, picked by the
 * first process that asks. They are picked long before any site listens,
 * so every process that reads them keeps its own freePort() off them: the
 * broker's ports, a worker's consumer port.
 */
export async function sitePorts(): Promise<Record<Country, number>> {
  const existing = process.env[SITE_PORTS];
  if (existing !== undefined) {
    const ports = JSON.parse(existing) as Record<Country, number>;
    reservePorts(COUNTRIES.map((country) => ports[country]));
    return ports;
  }
  const ports = {} as Record<Country, number>;
  for (const country of COUNTRIES) ports[country] = await freePort();
  process.env[SITE_PORTS] = JSON.stringify(ports);
  return ports;
}

/** The test broker the global setup started. */
export interface TestBrokerUrls {
  /** Web-STOMP URL; sites are pointed at it with `?broker=`. */
  webStompUrl: string;
  /** The consumer's AMQP URL. */
  amqpUrl: string;
  /** The node's name and ports, from which a worker rebuilds a `BrokerNode` to stop and start it. */
  node: { name: string; ports: BrokerPorts };
}

export function publishBroker(urls: TestBrokerUrls): void {
  process.env[BROKER] = JSON.stringify(urls);
}

/** The global setup's broker; this process's freePort() keeps off its ports, which a test that stops the node leaves unbound for a while. */
export function testBroker(): TestBrokerUrls {
  const raw = process.env[BROKER];
  if (raw === undefined) throw new Error(`${BROKER} is not set: the Playwright global setup did not run`);
  const broker = JSON.parse(raw) as TestBrokerUrls;
  const { amqp, webStomp, management, distribution } = broker.node.ports;
  reservePorts([amqp, webStomp, management, distribution]);
  return broker;
}

/** The global setup's broker node, for a test that restarts it: same name, ports and data. */
export function testBrokerNode(broker: TestBrokerUrls): BrokerNode {
  return new BrokerNode(broker.node.name, broker.node.ports);
}
