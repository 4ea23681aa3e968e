import type { Country } from "@repo/contract";
import type { BrokerNode, Teardown } from "@repo/stack";
import { startTestBroker } from "@repo/stack";
import { BrokerAdmin } from "./broker-admin.js";
import { SiteClient } from "./site-client.js";

/** A broker node of the test file's own, as every integration test starts; the teardown destroys it. */
export async function startOwnBroker(teardown: Teardown): Promise<BrokerNode> {
  const node = await startTestBroker();
  teardown.add(() => node.destroy());
  return node;
}

/** A node of the file's own and an admin connection to it, both undone by the teardown. */
export async function startBrokerWithAdmin(teardown: Teardown): Promise<{ node: BrokerNode; admin: BrokerAdmin }> {
  const node = await startOwnBroker(teardown);
  const admin = await BrokerAdmin.connect(node);
  teardown.add(() => admin.close());
  return { node, admin };
}

/**
 * One honest site per country, each with its own Web-STOMP connection, and
 * each closed by the teardown before whatever was added ahead of it (such
 * as the consumer), as tabs close before a server stops.
 */
export async function connectSites<C extends Country>(teardown: Teardown, node: BrokerNode, countries: readonly C[]): Promise<Record<C, SiteClient>> {
  const sites = {} as Record<C, SiteClient>;
  for (const country of countries) {
    const site = await SiteClient.connect(node.webStompUrl, country);
    teardown.add(() => site.close());
    sites[country] = site;
  }
  return sites;
}
