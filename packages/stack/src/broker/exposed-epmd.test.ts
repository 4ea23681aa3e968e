import { describe, expect, it } from "vitest";
import { EPMD_PORT, exposedEpmdAddresses, listenersBeyondLoopback } from "./exposed-epmd.js";

const TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

/** A table as /proc/net/tcp or tcp6 writes it, with these local address:port and state columns. */
function table(...rows: [local: string, state: string][]): string {
  return [TCP_HEADER, ...rows.map(([local, state], index) => `   ${index}: ${local} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000   104        0 918838 1`)].join("\n");
}

describe("listenersBeyondLoopback", () => {
  it("finds an epmd listening on every interface, IPv4 and IPv6, as Debian's epmd.socket or a system rabbitmqctl's does", () => {
    const tcp = table(["00000000:1111", "0A"]);
    const tcp6 = table(["00000000000000000000000000000000:1111", "0A"]);

    expect(listenersBeyondLoopback([tcp, tcp6], EPMD_PORT)).toEqual(["0.0.0.0", "::"]);
  });

  it("leaves out loopback listeners (ours: 127.0.0.1 and ::1), other ports, and connections that are not listening", () => {
    const tcp = table(["0100007F:1111", "0A"], ["00000000:07E8", "0A"], ["0A00020F:1111", "01"]);
    const tcp6 = table(["00000000000000000000000001000000:1111", "0A"], ["0000000000000000FFFF00000100007F:1111", "0A"]);

    expect(listenersBeyondLoopback([tcp, tcp6], EPMD_PORT)).toEqual([]);
  });

  it("names a single interface's address as people write it", () => {
    // 192.168.1.20, and fe80::1 in the kernel's word order; then 2001:db8::8:800:200c:417a, whose zeros run two groups.
    const tcp = table(["1401A8C0:1111", "0A"]);
    const tcp6 = table(["000080FE000000000000000001000000:1111", "0A"], ["B80D012000000000000808007A410C20:1111", "0A"]);

    expect(listenersBeyondLoopback([tcp, tcp6], EPMD_PORT)).toEqual(["192.168.1.20", "fe80::1", "2001:db8::8:800:200c:417a"]);
  });
});

describe("exposedEpmdAddresses", () => {
  it("reads both tables, and a table it cannot read (no IPv6) is no listener", () => {
    const addresses = exposedEpmdAddresses((name) => {
      if (name === "tcp6") throw new Error("ENOENT");
      return table(["00000000:1111", "0A"]);
    });

    expect(addresses).toEqual(["0.0.0.0"]);
  });
});
