import type { BrokerNode } from "./broker/broker-node.js";

/**
 * Why `stack broker reset` must not go ahead, or undefined when it may. A
 * reset stops the node under its clients and deletes their queues, and a
 * client connected is most likely the consumer of a running `pnpm start` or
 * `pnpm dev`, which would be left retrying against a broker that forgot it.
 */
export async function resetRefusal(broker: BrokerNode): Promise<string | undefined> {
  if (!(await broker.isRunning())) return undefined;
  const logins = await broker.amqpConnectionLogins();
  if (logins.length === 0) return undefined;
  return (
    `Node ${broker.nodeName} has ${describeConnections(logins)}: is \`pnpm start\` or \`pnpm dev\` running? ` +
    "Stop it first (Ctrl-C), or run `pnpm broker:reset -- --force`."
  );
}

/** How many connections and whose, such as "5 client connections (consumer ×5)". */
export function describeConnections(logins: readonly string[]): string {
  const perLogin = new Map<string, number>();
  for (const login of logins) perLogin.set(login, (perLogin.get(login) ?? 0) + 1);
  const whose = [...perLogin].map(([login, count]) => (count === 1 ? login : `${login} ×${count}`)).join(", ");
  return `${logins.length} ${logins.length === 1 ? "client connection" : "client connections"} (${whose})`;
}
