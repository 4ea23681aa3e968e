import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../repo-root.js";

/** A rabbitmq.conf of the repository (path from its root) as key → value, comments and blank lines left out. */
export function rabbitmqConfSettings(relativePath: string): Map<string, string> {
  const text = readFileSync(join(repoRoot(), relativePath), "utf8");
  const entries = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [key = "", ...value] = line.split("=");
      return [key.trim(), value.join("=").trim()] as const;
    });
  return new Map(entries);
}
