import type { BrokerNode } from "@repo/stack";

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

  /** Connections the node reports, from the stats database (up to a stats interval late). */
  async connectionCount(): Promise<number> {
    const overview = (await this.get("api/overview")) as { object_totals?: { connections?: number } };
    return overview.object_totals?.connections ?? 0;
  }
}
