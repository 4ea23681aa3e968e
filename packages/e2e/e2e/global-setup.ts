import { COUNTRIES } from "@repo/contract";
import { startSitePreview, startTestBroker } from "@repo/stack";
import { publishBroker, sitePorts } from "./environment.js";

/**
 * Starts what every test shares: a fresh broker node on free ports and the
 * four production builds served by `vite preview`. The consumer is a worker
 * fixture instead, because one test stops and restarts it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const broker = await startTestBroker();
  const ports = await sitePorts();
  try {
    const sites = await Promise.all(COUNTRIES.map((country) => startSitePreview(country, ports[country])));
    publishBroker({
      webStompUrl: broker.webStompUrl,
      amqpUrl: broker.amqpUrl,
      managementUrl: broker.managementUrl,
      node: { name: broker.name, ports: broker.ports },
    });
    return async () => {
      await Promise.all(sites.map((site) => site.stop()));
      await broker.destroy();
    };
  } catch (error) {
    await broker.destroy();
    throw error;
  }
}
