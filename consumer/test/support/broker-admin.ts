import type { Confirmation, Country } from "@repo/contract";
import { DEAD_LETTER_QUEUE, parseConfirmation, purchaseRoutingKey, purchasesExchange, VHOST } from "@repo/contract";
import type { BrokerNode } from "@repo/stack";
import { BROKER_USERS } from "@repo/stack";
import type { Channel, ChannelModel } from "amqplib";
import { connect } from "amqplib";

/** Polls until `check` returns a value other than undefined (a throw counts as not yet), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: lastError });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function open(node: BrokerNode): Promise<{ connection: ChannelModel; channel: Channel }> {
  const connection = await connect(node.amqpUrlFor(node.adminCredentials));
  // Stopping the node closes this connection; the tests notice through failed calls, not through a crash.
  connection.on("error", () => undefined);
  const channel = await connection.createChannel();
  channel.on("error", () => undefined);
  return { connection, channel };
}

/** What a user may do on the vhost: regular expressions over resource names. */
export interface Permissions {
  configure: string;
  write: string;
  read: string;
}

/**
 * What an operator can do to the test node: look at queues, publish as the
 * admin user over AMQP, and use the management HTTP API.
 */
export class BrokerAdmin {
  private constructor(
    private readonly node: BrokerNode,
    private connection: ChannelModel,
    private channel: Channel,
  ) {}

  static async connect(node: BrokerNode): Promise<BrokerAdmin> {
    const { connection, channel } = await open(node);
    return new BrokerAdmin(node, connection, channel);
  }

  /** Opens a fresh AMQP connection, for after the node restarted. */
  async reconnect(): Promise<void> {
    await this.close();
    ({ connection: this.connection, channel: this.channel } = await open(this.node));
  }

  /** Counts of a queue. On a channel of its own: a missing queue closes the channel it was asked on. */
  async queue(name: string): Promise<{ messageCount: number; consumerCount: number }> {
    const channel = await this.connection.createChannel();
    channel.on("error", () => undefined);
    try {
      const { messageCount, consumerCount } = await channel.checkQueue(name);
      return { messageCount, consumerCount };
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Messages in the dead-letter queue. */
  async deadLettered(): Promise<number> {
    return (await this.queue(DEAD_LETTER_QUEUE)).messageCount;
  }

  /** Waits until the dead-letter queue holds at least `expected` messages, and gives how many: dead-lettering happens after the nack. */
  deadLetteredReaches(expected: number): Promise<number> {
    return eventually(`${expected} dead-lettered messages`, async () => {
      const count = await this.deadLettered();
      return count >= expected ? count : undefined;
    });
  }

  async deleteQueue(name: string): Promise<void> {
    await this.channel.deleteQueue(name);
  }

  /** Declares a durable queue, as definitions of its own would. */
  async declareQueue(name: string, args: Record<string, unknown>): Promise<void> {
    await this.channel.assertQueue(name, { durable: true, arguments: args });
  }

  /** The arguments the broker holds a queue with. */
  async argumentsOf(name: string): Promise<Record<string, unknown>> {
    const queue = (await this.management(`api/queues/${encodeURIComponent(VHOST)}/${encodeURIComponent(name)}`)) as { arguments: Record<string, unknown> };
    return queue.arguments;
  }

  /**
   * A server-named exclusive queue, the kind a site's /temp-queue/ becomes,
   * for publishing over AMQP and reading the answer.
   */
  async replyQueue(): Promise<{ name: string; next: () => Promise<Confirmation | undefined> }> {
    const { queue } = await this.channel.assertQueue("", { exclusive: true, autoDelete: true });
    return {
      name: queue,
      next: () =>
        eventually(`a reply on ${queue}`, async () => {
          const message = await this.channel.get(queue, { noAck: true });
          return message === false ? undefined : parseConfirmation(message.content.toString());
        }),
    };
  }

  /** Publishes to a country's purchases exchange as the admin user, so user-id can only be `admin`. */
  publishPurchase(country: Country, body: string, properties: { correlationId: string; replyTo: string }): void {
    this.channel.publish(purchasesExchange(country), purchaseRoutingKey(country), Buffer.from(body), {
      ...properties,
      userId: BROKER_USERS.admin.login,
      contentType: "application/json",
      persistent: true,
    });
  }

  /** The prefetch of every consumer on the vhost, by queue name, from the management API. */
  async prefetchByQueue(): Promise<Record<string, number[]>> {
    const consumers = (await this.management(`api/consumers/${encodeURIComponent(VHOST)}`)) as {
      queue: { name: string };
      prefetch_count: number;
    }[];
    const byQueue: Record<string, number[]> = {};
    for (const { queue, prefetch_count } of consumers) (byQueue[queue.name] ??= []).push(prefetch_count);
    return byQueue;
  }

  /** Names of a user's open connections, from the management API. */
  async connectionsOf(user: string): Promise<string[]> {
    const connections = (await this.management("api/connections")) as { name: string; user: string }[];
    return connections.filter((connection) => connection.user === user).map(({ name }) => name);
  }

  /** A user's open connections, from the management API: the name each gave itself (connection_name), and its negotiated heartbeat. */
  async clientConnectionsOf(user: string): Promise<{ clientName: string; heartbeatSeconds: number }[]> {
    const connections = (await this.management("api/connections")) as { user: string; timeout: number; client_properties?: { connection_name?: string } }[];
    return connections
      .filter((connection) => connection.user === user)
      .map(({ timeout, client_properties }) => ({ clientName: client_properties?.connection_name ?? "", heartbeatSeconds: timeout }));
  }

  /** Force-closes a user's `count` connections, as an operator or a network fault would; returns their names. */
  async closeConnectionsOf(user: string, count: number): Promise<string[]> {
    // The management API lists a connection only after its first stats emission, up to 5 s after it opened.
    const names = await eventually(`${user}'s ${count} connections in the management API`, async () => {
      const listed = await this.connectionsOf(user);
      return listed.length >= count ? listed : undefined;
    });
    for (const name of names) await this.management(`api/connections/${encodeURIComponent(name)}`, "DELETE");
    return names;
  }

  /** A user's permissions on the vhost, as the management API gives them. */
  async permissionsOf(user: string): Promise<Permissions> {
    const { configure, write, read } = (await this.management(`api/permissions/${encodeURIComponent(VHOST)}/${encodeURIComponent(user)}`)) as Permissions;
    return { configure, write, read };
  }

  /** Replaces a user's permissions on the vhost; channels opened from then on get them. */
  async setPermissions(user: string, permissions: Permissions): Promise<void> {
    await this.management(`api/permissions/${encodeURIComponent(VHOST)}/${encodeURIComponent(user)}`, "PUT", permissions);
  }

  /** Connections the node has accepted since it started, anyone's, from the management API's churn counters. */
  async connectionsCreated(): Promise<number> {
    const overview = (await this.management("api/overview")) as { churn_rates?: { connection_created?: number } };
    const created = overview.churn_rates?.connection_created;
    if (created === undefined) throw new Error("the management API reports no connection churn");
    return created;
  }

  async close(): Promise<void> {
    // A stopped node has closed the connection already.
    await this.connection.close().catch(() => undefined);
  }

  private async management(path: string, method: "GET" | "PUT" | "DELETE" = "GET", body?: unknown): Promise<unknown> {
    const response = await this.node.managementApi(path, { method, body });
    return method === "GET" ? response.json() : undefined;
  }
}
