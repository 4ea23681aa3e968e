/**
 * A node's ports and what is written and said about them: the defaults and
 * the variables that move them, the node's rabbitmq.conf rendered from the
 * project's with its ports, those ports read back from a running node's
 * copy, and the messages for a port taken or a node on other ports.
 */

/** The TCP ports one broker node listens on, all on 127.0.0.1. */
export interface BrokerPorts {
  /** AMQP 0-9-1, for the consumer. */
  amqp: number;
  /** Web-STOMP, path /ws, for the browsers. */
  webStomp: number;
  /** Management UI and HTTP API. */
  management: number;
  /** Erlang distribution, which rabbitmqctl talks to. */
  distribution: number;
}

export const DEFAULT_BROKER_PORTS: BrokerPorts = {
  amqp: 5672,
  webStomp: 15674,
  management: 15672,
  distribution: 25672,
};

/** Environment variables that move the development node off the default ports. */
export const BROKER_PORT_VARIABLES: Record<keyof BrokerPorts, string> = {
  amqp: "AMQP_PORT",
  webStomp: "WEB_STOMP_PORT",
  management: "MANAGEMENT_PORT",
  distribution: "BROKER_DIST_PORT",
};

/**
 * Why a node cannot start on a taken port, and how to find and free it. A
 * system RabbitMQ is stopped for good (`disable`, or it is back after the
 * next boot) with systemd's words where systemd runs, with the init
 * scripts' elsewhere.
 */
export function portTakenMessage(nodeName: string, key: keyof BrokerPorts, port: number, systemd: boolean): string {
  const stopSystemRabbitmq = systemd
    ? // epmd.socket too: left on, it listens on every interface, and this node would register with it.
      "`sudo systemctl disable --now rabbitmq-server epmd.socket`"
    : "`sudo service rabbitmq-server stop && sudo update-rc.d rabbitmq-server disable`";
  return (
    `Port ${port} (${key}) on 127.0.0.1 is taken by another program, so node ${nodeName} cannot start; ` +
    `\`ss -ltnp 'sport = :${port}'\` names it. Stop that program (a system RabbitMQ: ${stopSystemRabbitmq}; ` +
    "the node of another checkout of this project: `pnpm broker:stop` there) " +
    `or choose another port with ${BROKER_PORT_VARIABLES[key]}=…`
  );
}

/** Why a node whose folder was deleted under its running VM cannot start, and what ends that VM. */
export function orphanedMessage(nodeName: string, dataDir: string, pids: readonly number[]): string {
  return (
    `Node ${nodeName} still runs (pid ${pids.join(", ")}), but its folder ${dataDir} was deleted under it, so nothing can reach it ` +
    "and it holds the node's ports. `pnpm broker:stop` kills it (what it held went with its folder); then start again."
  );
}

/** The ports a node's rabbitmq.conf gives its listeners; the distribution port is set in its environment instead. */
export type ListenerPorts = Pick<BrokerPorts, "amqp" | "webStomp" | "management">;

/** Lines of rabbitmq/rabbitmq.conf that carry a port, how to write each for a node, and how to read it back. */
const PORT_LINES: { key: keyof ListenerPorts; pattern: RegExp; line: (ports: BrokerPorts) => string; written: RegExp }[] = [
  { key: "amqp", pattern: /^listeners\.tcp\.1 = .*$/m, line: (ports) => `listeners.tcp.1 = 127.0.0.1:${ports.amqp}`, written: /^listeners\.tcp\.1 = 127\.0\.0\.1:(\d+)$/m },
  { key: "webStomp", pattern: /^web_stomp\.tcp\.port = .*$/m, line: (ports) => `web_stomp.tcp.port = ${ports.webStomp}`, written: /^web_stomp\.tcp\.port = (\d+)$/m },
  { key: "management", pattern: /^management\.tcp\.port = .*$/m, line: (ports) => `management.tcp.port = ${ports.management}`, written: /^management\.tcp\.port = (\d+)$/m },
];

/** The listener ports a rendered rabbitmq.conf (`renderConfiguration`) gives; a port it does not say is left out. */
export function renderedPorts(rendered: string): Partial<ListenerPorts> {
  const ports: Partial<ListenerPorts> = {};
  for (const { key, written } of PORT_LINES) {
    const port = written.exec(rendered)?.[1];
    if (port !== undefined) ports[key] = Number(port);
  }
  return ports;
}

/**
 * Why a start must not use the node already running: it listens on other
 * ports than this start asks for, so the consumer and the sites would be
 * sent to ports it does not serve (or to another broker). Undefined when
 * the ports agree.
 */
export function otherPortsMessage(nodeName: string, asked: BrokerPorts, running: Partial<ListenerPorts>): string | undefined {
  const differing = PORT_LINES.map(({ key }) => key).filter((key) => running[key] !== undefined && running[key] !== asked[key]);
  if (differing.length === 0) return undefined;
  const listed = differing.map((key) => `${key} ${running[key]} (this start asks for ${asked[key]})`).join(", ");
  const sameAsRunning = differing.map((key) => `${BROKER_PORT_VARIABLES[key]}=${running[key]}`).join(" ");
  return (
    `Node ${nodeName} already runs, on other ports than this start asks for: ${listed}. ` +
    `Start with the ports it runs on (${sameAsRunning}), or stop it first (\`pnpm broker:stop\`).`
  );
}

/** rabbitmq.conf for one node: the project's file with this node's ports and the definitions to load at boot. */
export function renderConfiguration(template: string, ports: BrokerPorts, definitionsPath: string): string {
  let rendered = template;
  for (const { pattern, line } of PORT_LINES) {
    if (!pattern.test(rendered)) throw new Error(`rabbitmq.conf has no line matching ${pattern.source}`);
    rendered = rendered.replace(pattern, line(ports));
  }
  return `${rendered.trimEnd()}\n\n## Added by @repo/stack for this node.\nload_definitions = ${definitionsPath}\n`;
}
