import type { BrokerNode, StartOutcome } from "./broker/broker-node.js";
import { BootFailedError } from "./broker/broker-node.js";
import { EPMD_PORT, exposedEpmdAddresses } from "./broker/exposed-epmd.js";
import { ensureRabbitmqInstalled, rabbitmqInstalled } from "./broker/install.js";

/** After the log's last lines of a failed boot: a run killed mid-write, or a full disk, can leave the node's data unbootable. */
export const BOOT_FAILED_ADVICE =
  "If those lines say its data is damaged (after a killed run or a full disk), `pnpm broker:reset` deletes the node's data, messages still queued included, so that the next start boots it afresh.";

/** The parts of a BrokerNode a start of the development node uses. */
export type DevelopmentNode = Pick<BrokerNode, "nodeName" | "start" | "isOtherBrokerServing">;

export interface DevelopmentBrokerOptions {
  /** For `stack start` and `stack dev`, which run the whole system on the node; not for `stack broker start`. */
  forSystem: boolean;
  say: (line: string) => void;
  /** Aborts on the run's stop request (Ctrl-C…), for the commands that have one: the start then boots nothing. */
  signal?: AbortSignal;
  /** Installs RabbitMQ when it is missing; ensureRabbitmqInstalled unless told. */
  install?: (log: (line: string) => void) => Promise<void>;
  /** Whether RabbitMQ is installed; rabbitmqInstalled unless told. */
  installed?: () => boolean;
  /** The addresses beyond loopback where something listens on epmd's port; exposedEpmdAddresses unless told. */
  exposedEpmd?: () => string[];
}

/**
 * Starts the development node, installing RabbitMQ first if it is missing:
 * someone asked for a running system. Tests start nodes through
 * startTestBroker, which only says what to install.
 */
export async function startDevelopmentBroker(broker: DevelopmentNode, options: DevelopmentBrokerOptions): Promise<StartOutcome> {
  const { forSystem, say, signal, install = ensureRabbitmqInstalled, installed = rabbitmqInstalled } = options;
  // A call, not a property read: a stop may come during any await below, which TypeScript's narrowing does not see.
  const stopRequested = () => signal?.aborted === true;
  // A broker that already serves our ports, the Docker compose one say, needs no RabbitMQ installed here.
  if (!installed() && (await broker.isOtherBrokerServing())) {
    say(startMessage(broker, "served elsewhere", forSystem));
    return "served elsewhere";
  }
  await install(say);
  // The install runs to its end under a Ctrl-C (apt-get in a group of its own): a boot after it would start a node only to stop it.
  if (stopRequested()) return "not started";
  say(`Starting RabbitMQ node ${broker.nodeName}…`);
  // The signal also ends the waits for another start or stop of the node, which may last minutes.
  const outcome = await broker.start({ log: say, signal }).catch((error: unknown) => {
    if (!(error instanceof BootFailedError)) throw error;
    throw new BootFailedError(`${error.message}\n${BOOT_FAILED_ADVICE}`, { cause: error });
  });
  say(startMessage(broker, outcome, forSystem, stopRequested()));
  const exposed = outcome === "not started" ? [] : (options.exposedEpmd ?? exposedEpmdAddresses)();
  if (exposed.length > 0) say(exposedEpmdNote(exposed));
  return outcome;
}

/**
 * README's Security section says every listener is on loopback. Our nodes
 * start their own epmd there, but register with one that already runs.
 */
function exposedEpmdNote(addresses: readonly string[]): string {
  return [
    `Note: an epmd this project did not start listens on port ${EPMD_PORT} beyond loopback (${addresses.join(", ")}), and the node registered there:`,
    "its name and distribution port can be read from the network. Debian's epmd.socket starts one, and so does a system `rabbitmqctl`.",
    "To have the node's own on loopback: `pnpm broker:stop`, `sudo systemctl disable --now epmd.socket; sudo pkill -x epmd`, then start again.",
  ].join("\n");
}

/** `stopRequested`: a stop came during the boot, which is not cut off halfway; "started" alone would read as though the stop was ignored. */
function startMessage(broker: Pick<BrokerNode, "nodeName">, outcome: StartOutcome, forSystem: boolean, stopRequested = false): string {
  switch (outcome) {
    case "started":
      return stopRequested ? `Node ${broker.nodeName} finished its boot (not cut off halfway): now stopping it.` : `Node ${broker.nodeName} started.`;
    case "already running":
      // Ctrl-C stops only a node its own run started: say so, or a node left by a killed run would look like this one's.
      return forSystem
        ? `Node ${broker.nodeName} is already running: using it. Ctrl-C will leave it running; \`pnpm broker:stop\` stops it.`
        : `Node ${broker.nodeName} is already running: its definitions were loaded again.`;
    case "served elsewhere":
      return "Another broker with this project's definitions (Docker?) already serves these ports: using it.";
    case "not started":
      return `Node ${broker.nodeName} not started: a stop was requested.`;
  }
}
