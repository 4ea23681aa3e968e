import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, isPortTaken, PortPicker } from "./ports.js";

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

describe("PortPicker", () => {
  /** Random numbers from a list, then the last one over and over. */
  function randomFrom(...values: number[]): () => number {
    return () => (values.length > 1 ? values.shift() : values[0]) ?? 0;
  }

  it("when the random source repeats itself, it never hands out the same port twice", async () => {
    const picker = new PortPicker({ isTaken: () => Promise.resolve(false), random: randomFrom(0.5, 0.5, 0.5, 0.25) });

    const first = await picker.pick();
    const second = await picker.pick();

    expect(second).not.toBe(first);
  });

  it("when four ports are picked at once, as for one node, while none is listened on yet, they all differ", async () => {
    // Every check yields before answering, as a real one does, and the random source offers the same port first each time.
    const picker = new PortPicker({
      isTaken: () => new Promise((resolve) => setTimeout(() => { resolve(false); }, 5)),
      random: randomFrom(0.5, 0.5, 0.5, 0.5, 0.1, 0.2, 0.3),
    });

    const ports = await Promise.all([picker.pick(), picker.pick(), picker.pick(), picker.pick()]);

    expect(new Set(ports).size).toBe(4);
  });

  it("skips a port something listens on, and one it was told to exclude", async () => {
    const probe = new PortPicker({ isTaken: () => Promise.resolve(false), random: randomFrom(0.5) });
    const taken = await probe.pick();
    const excluded = await new PortPicker({ isTaken: () => Promise.resolve(false), random: randomFrom(0.25) }).pick();
    const picker = new PortPicker({ isTaken: (port) => Promise.resolve(port === taken), random: randomFrom(0.5, 0.25, 0.75) });
    picker.exclude([excluded]);

    const port = await picker.pick();

    expect([taken, excluded]).not.toContain(port);
  });

  it("when every port it is offered is taken, it gives up instead of trying forever", async () => {
    const picker = new PortPicker({ isTaken: () => Promise.resolve(true) });

    await expect(picker.pick()).rejects.toThrow(/no free TCP port/);
  });
});
