import type { BrokerNode } from "@repo/stack";
import { sleep } from "../system/bounded-wait.js";

/** How often the node's figures are refreshed in the management API (collect_statistics_interval, the default). */
export const STATS_INTERVAL_MS = 5_000;

const FRESH_POLL_MS = 500;

/** The management HTTP API of the bench's node, as the admin user. */
export class Management {
  constructor(private readonly node: BrokerNode) {}

  async get(path: string): Promise<unknown> {
    const response = await this.node.managementApi(path);
    return response.json();
  }

  async put(path: string, body: unknown): Promise<void> {
    await this.node.managementApi(path, { method: "PUT", body });
  }

  /** Memory the node accounts for itself (mem_used), in bytes. Refreshed every stats interval (5 s). */
  async nodeMemoryBytes(): Promise<number | undefined> {
    const nodes = (await this.get("api/nodes")) as { name: string; mem_used?: number }[];
    return nodes.find(({ name }) => name === this.node.nodeName)?.mem_used;
  }

  /**
   * mem_used from a stats sample taken after this call began: polls until
   * the figure changes, which it does with every sample, for at most a stats
   * interval and a bit. Undefined when none came (or the API did not answer).
   */
  async nextNodeMemoryBytes(signal: AbortSignal): Promise<number | undefined> {
    const read = () => this.nodeMemoryBytes().catch(() => undefined);
    const deadline = performance.now() + STATS_INTERVAL_MS + 2 * FRESH_POLL_MS;
    // Only a change from a figure read after the call began proves a newer sample.
    let previous = await read();
    while (performance.now() < deadline && !signal.aborted) {
      await sleep(FRESH_POLL_MS, signal);
      const now = await read();
      if (now !== undefined && previous !== undefined && now !== previous) return now;
      previous ??= now;
    }
    return undefined;
  }

  /** Connections the node reports, from the stats database (up to a stats interval late). */
  async connectionCount(): Promise<number> {
    const overview = (await this.get("api/overview")) as { object_totals?: { connections?: number } };
    return overview.object_totals?.connections ?? 0;
  }
}
