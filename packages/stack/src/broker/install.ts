import { existsSync } from "node:fs";
import { run } from "../run.js";

/** Debian's rabbitmq-server puts the real scripts here; /usr/sbin wraps them to switch to the rabbitmq user. */
const RABBITMQ_BIN = "/usr/lib/rabbitmq/bin";

export const RABBITMQ_SERVER = `${RABBITMQ_BIN}/rabbitmq-server`;
export const RABBITMQCTL = `${RABBITMQ_BIN}/rabbitmqctl`;

const HOW_TO_INSTALL =
  "`sudo apt-get install -y rabbitmq-server` (as root, `pnpm start` installs it itself), " +
  "or run the broker in Docker instead: docker compose -f rabbitmq/docker-compose.yml up -d";

/**
 * Fails, saying what to install, when RabbitMQ's scripts are missing. Every
 * node start checks this, and a test's start stops here: tests never
 * install software.
 */
export function requireRabbitmq(exists: (path: string) => boolean = existsSync): void {
  const missing = missingScripts(exists);
  if (missing.length === 0) return;
  throw new Error(`rabbitmq-server is not installed (${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing): ${HOW_TO_INSTALL}`);
}

function missingScripts(exists: (path: string) => boolean = existsSync): string[] {
  return [RABBITMQ_SERVER, RABBITMQCTL].filter((path) => !exists(path));
}

function rabbitmqInstalled(): boolean {
  return missingScripts().length === 0;
}

/**
 * For `stack start`, `stack dev` and `stack broker start` only, which a
 * person runs to get a working system: as root on Debian or Ubuntu it
 * installs the distribution's package; anywhere else it fails as
 * requireRabbitmq does.
 */
export async function ensureRabbitmqInstalled(log: (line: string) => void): Promise<void> {
  if (rabbitmqInstalled()) return;
  // Not root, or not Debian: requireRabbitmq throws, saying what to install.
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) requireRabbitmq();
  log("RabbitMQ is not installed: installing Debian's rabbitmq-server (about a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-q"], ["install", "-y", "-q", "rabbitmq-server"]]) {
    const result = await run("apt-get", args, env);
    if (result.code !== 0) {
      throw new Error(`apt-get ${args.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
    }
  }
  requireRabbitmq();
  // On a machine with systemd the package also starts a system-wide node on
  // the default ports; ours is project-local, so say how to stop theirs.
  if (existsSync("/run/systemd/system")) {
    log("Note: the package may have started the system RabbitMQ service; stop it with `systemctl disable --now rabbitmq-server` if its ports collide with ours.");
  }
}
