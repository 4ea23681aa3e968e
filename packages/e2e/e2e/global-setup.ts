import { COUNTRIES } from "@repo/contract";
import { allStarted, startSitePreview, startTestBroker } from "@repo/stack";
import { publishBroker, sitePorts } from "./environment.js";

/**
 * Starts what every test shares: a fresh broker node on free ports and the
 * four production builds served by `vite preview`. The consumer is a worker
 * fixture instead, because tests stop and restart it. If a site fails
 * to start, the sites that did and the node are stopped before the error
 * ends the run; the sites also stop by themselves if the runner dies.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // The site ports first, so that the broker's are picked around them.
  const ports = await sitePorts();
  const broker = await startTestBroker();
  try {
    const sites = await allStarted(COUNTRIES.map((country) => startSitePreview(country, ports[country])));
    publishBroker({
      webStompUrl: broker.webStompUrl,
      amqpUrl: broker.amqpUrl,
      node: { name: broker.name, ports: broker.ports },
    });
    return async () => {
      try {
        await Promise.all(sites.map((site) => site.stop()));
      } finally {
        await broker.destroy();
      }
    };
  } catch (error) {
    await broker.destroy();
    throw error;
  }
}
