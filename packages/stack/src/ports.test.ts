import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, isPortTaken } from "./ports.js";

describe("freePort", () => {
  it("picks a port below the kernel's ephemeral range, which client connections cannot take, and free to listen on", async () => {
    const [ephemeralStart] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);

    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));

    for (const port of ports) {
      expect(port).toBeLessThan(ephemeralStart ?? 0);
      expect(port).toBeGreaterThanOrEqual(26000);
    }
    expect(await isPortTaken(ports[0] ?? 0)).toBe(false);
  });

  it("tells a port something listens on from a free one", async () => {
    const server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      expect(await isPortTaken(port)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await isPortTaken(port)).toBe(false);
  });
});
