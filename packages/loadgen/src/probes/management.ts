import type { BrokerNode } from "@repo/stack";
import { BROKER_USERS } from "@repo/stack";

/** The management HTTP API of the bench's node, as the admin user. */
export class Management {
  constructor(private readonly node: BrokerNode) {}

  async get(path: string): Promise<unknown> {
    const response = await this.request("GET", path);
    return response.json();
  }

  async put(path: string, body: unknown): Promise<void> {
    await this.request("PUT", path, body);
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const { login, passcode } = BROKER_USERS.admin;
    const response = await fetch(new URL(path, this.node.managementUrl), {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${login}:${passcode}`).toString("base64")}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
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
