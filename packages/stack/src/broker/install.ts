import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { run } from "../run.js";

/** Debian's rabbitmq-server puts the real scripts here; /usr/sbin wraps them to switch to the rabbitmq user. */
const RABBITMQ_BIN = "/usr/lib/rabbitmq/bin";

export const RABBITMQ_SERVER = `${RABBITMQ_BIN}/rabbitmq-server`;
export const RABBITMQCTL = `${RABBITMQ_BIN}/rabbitmqctl`;

const HOW_TO_INSTALL =
  "`sudo apt-get install -y rabbitmq-server && sudo systemctl disable --now rabbitmq-server` " +
  "(the package starts a system-wide RabbitMQ on the ports ours needs; as root, `pnpm start` installs it itself without it), " +
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

export function rabbitmqInstalled(): boolean {
  return missingScripts().length === 0;
}

/**
 * Debian's hook that maintainer scripts ask before they start a service;
 * exit code 101 means "not now".
 */
const POLICY_RC_D = "/usr/sbin/policy-rc.d";

/** A fresh cloud machine's unattended upgrades may hold dpkg's lock for minutes: wait rather than fail. */
const APT_LOCK_WAIT = ["-o", "DPkg::Lock::Timeout=600"];

/** `apt-get update` does not wait for the lists' lock as it does for dpkg's: it is tried again, this often and this long. */
const APT_BUSY_RETRY_MS = 10_000;
const APT_BUSY_GIVE_UP_MS = 600_000;

/** What the hook we write says of itself, so a copy a killed install left behind is known as ours. */
const POLICY_MARKER = "# Written by the tickets stack while it installs rabbitmq-server, and removed after.";

/**
 * For `stack start`, `stack dev` and `stack broker start` only, which a
 * person runs to get a working system: as root on Debian or Ubuntu it
 * installs the distribution's package; anywhere else it fails as
 * requireRabbitmq does. The package would start a system-wide node on the
 * default ports, the very ports ours takes, and enable it at boot: it is
 * installed with service starts refused, and disabled where systemd runs.
 */
export async function ensureRabbitmqInstalled(log: (line: string) => void): Promise<void> {
  if (rabbitmqInstalled()) return;
  // Not root, or not Debian: requireRabbitmq throws, saying what to install.
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) requireRabbitmq();
  log("RabbitMQ is not installed: installing Debian's rabbitmq-server (about a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await withServiceStartsRefused(async () => {
    for (const args of [["update", "-q"], ["install", "-y", "-q", "rabbitmq-server"]]) {
      const giveUpAt = Date.now() + APT_BUSY_GIVE_UP_MS;
      for (;;) {
        const result = await run("apt-get", [...APT_LOCK_WAIT, ...args], env);
        if (result.code === 0) break;
        if (!result.stderr.includes("Could not get lock") || Date.now() > giveUpAt) {
          throw new Error(`apt-get ${args.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
        }
        log("apt is busy (another apt or dpkg holds its lock, unattended upgrades say); trying again in 10 s…");
        await new Promise((resolve) => setTimeout(resolve, APT_BUSY_RETRY_MS));
      }
    }
  });
  requireRabbitmq();
  if (existsSync("/run/systemd/system")) {
    // --now as well: a policy-rc.d of the machine's own may have let it start.
    const disabled = await run("systemctl", ["disable", "--now", "rabbitmq-server"]);
    if (disabled.code !== 0) {
      log(`Note: could not disable the system RabbitMQ service (${disabled.stderr.trim()}); if it holds port 5672, run \`systemctl disable --now rabbitmq-server\`.`);
    }
  }
}

/**
 * Runs `work` with a policy-rc.d that refuses every service start, unless
 * the machine has a policy of its own, which is left as it is (one of ours
 * that a killed install left behind is not the machine's: it is removed
 * after this install). Exported, with the hook's path, for its unit test.
 */
export async function withServiceStartsRefused<T>(work: () => Promise<T>, policyPath = POLICY_RC_D): Promise<T> {
  if (existsSync(policyPath) && !readFileSync(policyPath, "utf8").includes(POLICY_MARKER)) return work();
  writeFileSync(policyPath, `#!/bin/sh\n${POLICY_MARKER}\nexit 101\n`, { mode: 0o755 });
  try {
    return await work();
  } finally {
    rmSync(policyPath, { force: true });
  }
}
