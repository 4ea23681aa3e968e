import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The monorepo's root: the nearest folder above this module that holds
 * pnpm-workspace.yaml. The stack runs files of other workspaces (the broker
 * configuration, the consumer's and sites' builds) by path, never by import.
 */
export function repoRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "pnpm-workspace.yaml"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("pnpm-workspace.yaml not found above @repo/stack");
    folder = parent;
  }
  return folder;
}
