import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../src/store/sqlite-store.js";

/** The built command, as `pnpm stock:reset` runs it, with its arguments as pnpm hands them over. */
function stockReset(databasePath: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(import.meta.dirname, "..", "dist", "stock-reset.js"), ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath, TICKETS_TOTAL: "" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the stock:reset command line", () => {
  let dir: string;
  let databasePath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "consumer-stock-reset-"));
    databasePath = join(dir, "tickets.sqlite");
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function remaining(): number {
    const store = openSqliteStore({ path: databasePath, initialStock: 0 });
    try {
      return store.stock().remaining;
    } finally {
      store.close();
    }
  }

  it("takes --total after the `--` that `pnpm stock:reset -- --total 7` passes on", () => {
    const result = stockReset(databasePath, ["--", "--total", "7"]);

    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(result.stdout).toContain("7 tickets on sale");
    expect(remaining()).toBe(7);
  });

  it("refuses a --total that is not a number of tickets, naming the flag, and changes nothing", () => {
    const result = stockReset(databasePath, ["--total", "abc"]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--total: must be an integer");
    expect(result.stderr).not.toContain("TICKETS_TOTAL:");
    expect(existsSync(databasePath)).toBe(false);
  });
});
