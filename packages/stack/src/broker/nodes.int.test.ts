import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { expect, it } from "vitest";
import { isAlive } from "../process-identity.js";
import { repoRoot } from "../repo-root.js";

/**
 * A test process that dies before its teardown (Ctrl-C: vitest exits
 * without running it; SIGKILL; a CI timeout) takes its node with it.
 * The child below is such a test process, run from the built stack as the
 * other workspaces' tests use it.
 */
it("when the process that started a test node dies without a teardown, the node is killed and its folder deleted", async () => {
  const stack = join(repoRoot(), "packages", "stack", "dist", "index.js");
  const owner = spawn(
    process.execPath,
    ["--input-type=module", "-e", `const { startTestBroker } = await import(${JSON.stringify(stack)}); const node = await startTestBroker(); console.log(JSON.stringify({ dataDir: node.dataDir })); setInterval(() => {}, 1000);`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let dataDir: string | undefined;
  let vmPid: number | undefined;
  try {
    const [firstLine] = await Promise.race([
      createInterface({ input: owner.stdout })[Symbol.asyncIterator]().next().then(({ value }) => [value as string | undefined]),
      new Promise<never>((_, reject) => owner.once("exit", (code) => { reject(new Error(`the owner exited with ${String(code)} before its node booted`)); })),
    ]);
    dataDir = (JSON.parse(firstLine ?? "{}") as { dataDir?: string }).dataDir;
    expect(dataDir).toBeDefined();
    const pidFile = join(dataDir ?? "", "rabbitmq.pid");
    vmPid = Number(readFileSync(pidFile, "utf8").trim());
    expect(isAlive(vmPid)).toBe(true);

    owner.kill("SIGKILL");

    const folder = dataDir ?? "";
    const vm = vmPid;
    await expect.poll(() => existsSync(folder) || isAlive(vm), { timeout: 30_000, message: `${folder} or its VM ${vm} still there` }).toBe(false);
  } finally {
    owner.kill("SIGKILL");
    if (vmPid !== undefined && isAlive(vmPid)) process.kill(vmPid, "SIGKILL");
  }
});
