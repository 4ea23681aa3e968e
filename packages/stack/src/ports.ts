import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Where listening ports are picked when the system does not say where its ephemeral range starts. */
const FALLBACK_EPHEMERAL_START = 32768;
/** The lowest port picked: clear of the well-known development ports (5672, 15672, 25672…). */
const LOWEST_PICKED = 26000;
const ATTEMPTS = 100;

/**
 * Where the kernel's ephemeral range starts: outgoing connections take
 * their local port from there on, so a port picked below it cannot be
 * taken by a client connection between picking it and listening on it.
 */
function ephemeralStart(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return low !== undefined && Number.isInteger(low) && low > LOWEST_PICKED + 1000 ? low : FALLBACK_EPHEMERAL_START;
  } catch {
    return FALLBACK_EPHEMERAL_START;
  }
}

export interface PortPickerOptions {
  /** Whether something listens on a port now; isPortTaken unless told. */
  isTaken?: (port: number) => Promise<boolean>;
  /** A number in [0, 1); Math.random unless told. */
  random?: () => number;
}

/**
 * Picks TCP ports on 127.0.0.1 at random below the ephemeral range, and
 * never the same one twice. Asking the kernel for port 0 would hand out an
 * ephemeral port, which any outgoing connection (rabbitmqctl, a test's
 * client) may take before a broker node, seconds later, listens on it.
 * "Nothing listens there now" is not enough either: a node's four ports, or
 * a run's site and broker ports, are all picked before any is listened on,
 * so only remembering what was handed out keeps them apart.
 */
export class PortPicker {
  private readonly claimed = new Set<number>();
  private readonly isTaken: (port: number) => Promise<boolean>;
  private readonly random: () => number;

  constructor(options: PortPickerOptions = {}) {
    this.isTaken = options.isTaken ?? isPortTaken;
    this.random = options.random ?? Math.random;
  }

  /** Never hands out these ports: ones another process of the same run picked and passed on. */
  exclude(ports: Iterable<number>): void {
    for (const port of ports) this.claimed.add(port);
  }

  async pick(): Promise<number> {
    const below = ephemeralStart();
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const port = LOWEST_PICKED + Math.floor(this.random() * (below - LOWEST_PICKED));
      if (this.claimed.has(port)) continue;
      // Claimed before the check, which yields: a pick running meanwhile must not choose it too.
      this.claimed.add(port);
      if (!(await this.isTaken(port))) return port;
      this.claimed.delete(port);
    }
    throw new Error(`no free TCP port on 127.0.0.1 between ${LOWEST_PICKED} and ${below} after ${ATTEMPTS} tries`);
  }
}

/** This process's picker: every freePort() of a process comes from it. */
const picker = new PortPicker();

/** A port on 127.0.0.1 that nothing listens on now and that no other freePort() of this process has returned. */
export function freePort(): Promise<number> {
  return picker.pick();
}

/** Keeps freePort() of this process off ports another process picked, such as a run's shared site ports. */
export function reservePorts(ports: Iterable<number>): void {
  picker.exclude(ports);
}

/** Whether something already listens on 127.0.0.1:port. */
export function isPortTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => { resolve(true); });
    server.listen(port, "127.0.0.1", () => {
      server.close(() => { resolve(false); });
    });
  });
}
