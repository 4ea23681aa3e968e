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

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, picked at
 * random below the ephemeral range. Asking the kernel for port 0 would hand
 * out an ephemeral port, which any outgoing connection (rabbitmqctl, a
 * test's client) may take before a broker node, seconds later, listens on
 * it: a node then fails to boot with eaddrinuse.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralStart();
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = LOWEST_PICKED + Math.floor(Math.random() * (below - LOWEST_PICKED));
    if (!(await isPortTaken(port))) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${LOWEST_PICKED} and ${below} after ${ATTEMPTS} tries`);
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
