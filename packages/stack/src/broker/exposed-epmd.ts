import { readFileSync } from "node:fs";

/** epmd's port: every Erlang node on the machine registers its name and distribution port there. */
export const EPMD_PORT = 4369;

/** A socket's state in the kernel's tables: listening. */
const LISTEN = "0A";

/**
 * The addresses beyond loopback ("0.0.0.0", "::", …) on which a socket
 * listens on `port`, from the kernel's socket tables: the text of
 * `/proc/net/tcp` and `/proc/net/tcp6`.
 */
export function listenersBeyondLoopback(tables: readonly string[], port: number): string[] {
  const addresses: string[] = [];
  for (const table of tables) {
    // Each row: sl, local address:port, remote address:port, state, …; the first line names the columns.
    for (const row of table.split("\n").slice(1)) {
      const [, local, , state] = row.trim().split(/\s+/u);
      if (state !== LISTEN || local === undefined) continue;
      const [hexAddress = "", hexPort = ""] = local.split(":");
      if (Number.parseInt(hexPort, 16) !== port) continue;
      const bytes = addressBytes(hexAddress);
      if (!isLoopback(bytes)) addresses.push(formatAddress(bytes));
    }
  }
  return addresses;
}

/**
 * Where something listens on epmd's port beyond loopback: an epmd this
 * project did not start (its nodes start theirs on 127.0.0.1 and ::1), such
 * as Debian's `epmd.socket` or the one a system `rabbitmqctl` starts. A node
 * of ours then registers with it rather than start its own, and its name and
 * distribution port can be read from the network. Empty where the tables
 * cannot be read (not Linux).
 */
export function exposedEpmdAddresses(readTable: (name: string) => string = (name) => readFileSync(`/proc/net/${name}`, "utf8")): string[] {
  const tables: string[] = [];
  for (const name of ["tcp", "tcp6"]) {
    try {
      tables.push(readTable(name));
    } catch {
      // No IPv6, or no /proc: nothing to read there.
    }
  }
  return listenersBeyondLoopback(tables, EPMD_PORT);
}

/** The kernel writes an address as 32-bit words in the machine's (little-endian) byte order: 127.0.0.1 is 0100007F. */
function addressBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    for (let byte = 6; byte >= 0; byte -= 2) bytes.push(Number.parseInt(hex.slice(word + byte, word + byte + 2), 16));
  }
  return bytes;
}

function isLoopback(bytes: readonly number[]): boolean {
  if (bytes.length === 4) return bytes[0] === 127;
  const prefix = bytes.slice(0, 10).every((byte) => byte === 0);
  // ::1, or an IPv4 loopback address mapped into IPv6 (::ffff:127.x.x.x).
  if (prefix && bytes[10] === 0 && bytes[11] === 0) return bytes.slice(12, 15).every((byte) => byte === 0) && bytes[15] === 1;
  return prefix && bytes[10] === 0xff && bytes[11] === 0xff && bytes[12] === 127;
}

/** As people write addresses: 192.168.1.20; fe80::1, its longest run of zero groups written "::". */
function formatAddress(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2) groups.push(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  let longest = { start: -1, length: 0 };
  for (let start = 0; start < groups.length; start++) {
    let length = 0;
    while (groups[start + length] === 0) length++;
    if (length > longest.length) longest = { start, length };
  }
  const hex = (part: number[]) => part.map((group) => group.toString(16)).join(":");
  if (longest.length < 2) return hex(groups);
  return `${hex(groups.slice(0, longest.start))}::${hex(groups.slice(longest.start + longest.length))}`;
}
