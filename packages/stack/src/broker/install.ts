import { existsSync } from "node:fs";
import { run } from "../run.js";

/** Debian's rabbitmq-server puts the real scripts here; /usr/sbin wraps them to switch to the rabbitmq user. */
const RABBITMQ_BIN = "/usr/lib/rabbitmq/bin";

export const RABBITMQ_SERVER = `${RABBITMQ_BIN}/rabbitmq-server`;
export const RABBITMQCTL = `${RABBITMQ_BIN}/rabbitmqctl`;

const INSTALL_COMMANDS = "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server";

/**
 * Makes sure RabbitMQ's scripts are on this machine. As root on Debian or
 * Ubuntu it installs the distribution's package; anywhere else it fails with
 * the commands to run, or points at the Docker alternative.
 */
export async function ensureRabbitmqInstalled(log: (line: string) => void): Promise<void> {
  if (existsSync(RABBITMQ_SERVER) && existsSync(RABBITMQCTL)) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    throw new Error(
      `RabbitMQ is not installed (${RABBITMQ_SERVER} is missing).\n` +
        (hasApt ? `Install it with:\n  ${INSTALL_COMMANDS}\n` : "") +
        "or run the broker in Docker instead: docker compose -f rabbitmq/docker-compose.yml up -d",
    );
  }
  log("RabbitMQ is not installed: installing Debian's rabbitmq-server (about a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-q"], ["install", "-y", "-q", "rabbitmq-server"]]) {
    const result = await run("apt-get", args, env);
    if (result.code !== 0) {
      throw new Error(`apt-get ${args.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
    }
  }
  // On a machine with systemd the package also starts a system-wide node on
  // the default ports; ours is project-local, so say how to stop theirs.
  if (existsSync("/run/systemd/system")) {
    log("Note: the package may have started the system RabbitMQ service; stop it with `systemctl disable --now rabbitmq-server` if its ports collide with ours.");
  }
}
