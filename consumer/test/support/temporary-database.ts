import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Teardown } from "@repo/stack";

/** A database path in a fresh temporary folder, which the teardown removes. */
export function temporaryDatabase(teardown: Teardown, prefix: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  teardown.add(() => {
    rmSync(dataDir, { recursive: true, force: true });
    return undefined;
  });
  return join(dataDir, "tickets.sqlite");
}
