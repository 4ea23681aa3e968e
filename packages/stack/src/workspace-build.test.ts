import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAlive } from "./process-identity.js";
import { BUILD_ARGUMENTS, BuildFailedError, buildWorkspaces } from "./workspace-build.js";

/** A stand-in for turbo's entry: writes its pid, folder and arguments to `ran.json`, then exits with EXIT_CODE after HOLD_MS. */
const FAKE_TURBO = `
import { writeFileSync } from "node:fs";
writeFileSync("ran.json", JSON.stringify({ pid: process.pid, cwd: process.cwd(), args: process.argv.slice(2) }));
setTimeout(() => { process.exit(Number(process.env.EXIT_CODE ?? 0)); }, Number(process.env.HOLD_MS ?? 0));
`;

describe("buildWorkspaces", () => {
  let root: string;
  let fakeTurbo: string;
  const ran = () => JSON.parse(readFileSync(join(root, "ran.json"), "utf8")) as { pid: number; cwd: string; args: string[] };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "workspace-build-"));
    fakeTurbo = join(root, "fake-turbo.mjs");
    writeFileSync(fakeTurbo, FAKE_TURBO);
  });

  afterEach(() => {
    delete process.env.EXIT_CODE;
    delete process.env.HOLD_MS;
    rmSync(root, { recursive: true, force: true });
  });

  it("runs turbo's build in the repository's root and resolves once it passed", async () => {
    await expect(buildWorkspaces(root, new AbortController().signal, fakeTurbo)).resolves.toBe("built");

    expect(ran().cwd).toBe(root);
    expect(ran().args).toEqual([...BUILD_ARGUMENTS]);
  });

  it("fails, naming turbo's exit code, when the build fails", async () => {
    process.env.EXIT_CODE = "3";

    const failure = await buildWorkspaces(root, new AbortController().signal, fakeTurbo).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(BuildFailedError);
    expect((failure as BuildFailedError).message).toContain("turbo exited with 3");
    expect((failure as BuildFailedError).message).toContain("starts nothing until it passes");
  });

  it("a stop request during the build gives turbo its grace to stop, then ends it, and resolves as stopped, not failed", async () => {
    process.env.HOLD_MS = "60000";
    const stop = new AbortController();
    const building = buildWorkspaces(root, stop.signal, fakeTurbo, 300);
    while (!existsSync(join(root, "ran.json"))) await sleep(20);

    stop.abort("SIGTERM");
    await sleep(100);
    // Within its grace: a Ctrl-C would have reached turbo itself, which stops on its own.
    expect(isAlive(ran().pid)).toBe(true);

    await expect(building).resolves.toBe("stopped");
    expect(isAlive(ran().pid)).toBe(false);
  });

  it("a build that stops by itself within the grace (as turbo does on the terminal's Ctrl-C) resolves as stopped", async () => {
    process.env.HOLD_MS = "200";
    process.env.EXIT_CODE = "130";
    const stop = new AbortController();
    const building = buildWorkspaces(root, stop.signal, fakeTurbo, 60_000);
    while (!existsSync(join(root, "ran.json"))) await sleep(20);

    stop.abort("Ctrl-C");

    await expect(building).resolves.toBe("stopped");
  });
});
