import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "./ports.js";
import { requireFreePorts } from "./system.js";

describe("requireFreePorts", () => {
  it("when another program listens on a port, it fails naming the port and what it was for, and says what to do", async () => {
    const port = await freePort();
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(port, "127.0.0.1", resolve));
    try {
      const checking = requireFreePorts([{ port: await freePort(), what: "consumer health and metrics" }, { port, what: "France site" }]);

      await expect(checking).rejects.toThrow(`Another program already listens on 127.0.0.1:${port} (France site).`);
      await expect(checking).rejects.toThrow("Is `pnpm start` or `pnpm dev` running in another terminal?");
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("when every port is free, it lets the start go on", async () => {
    const checking = requireFreePorts([{ port: 5171, what: "France site" }], () => Promise.resolve(false));

    await expect(checking).resolves.toBeUndefined();
  });
});
