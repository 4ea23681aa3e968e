import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { processIds } from "../process-identity.js";
import { run } from "../run.js";

/** Debian's rabbitmq-server puts the real scripts here; /usr/sbin wraps them to switch to the rabbitmq user. */
const RABBITMQ_BIN = "/usr/lib/rabbitmq/bin";

export const RABBITMQ_SERVER = `${RABBITMQ_BIN}/rabbitmq-server`;
export const RABBITMQCTL = `${RABBITMQ_BIN}/rabbitmqctl`;

/** Where systemd runs, it has this folder; elsewhere services are the init scripts' (`service`, `update-rc.d`). */
const SYSTEMD_RUNTIME = "/run/systemd/system";

export function hasSystemd(exists: (path: string) => boolean = existsSync): boolean {
  return exists(SYSTEMD_RUNTIME);
}

/** The package starts a system-wide node on the ports ours needs, and at every boot: the install is followed by what stops it for good. */
function howToInstall(systemd: boolean): string {
  const disable = systemd
    ? "sudo systemctl disable --now rabbitmq-server epmd.socket"
    : "sudo service rabbitmq-server stop && sudo update-rc.d rabbitmq-server disable";
  return (
    `\`sudo apt-get update && sudo apt-get install -y rabbitmq-server && ${disable}\` ` +
    "(the package starts a system-wide RabbitMQ on the ports ours needs, and an epmd on every interface; as root, `pnpm start` installs it itself without it), " +
    "or run the broker in Docker instead: docker compose -f rabbitmq/docker-compose.yml up -d"
  );
}

/**
 * Fails, saying what to install, when RabbitMQ's scripts are missing. Every
 * node start checks this, and a test's start stops here: tests never
 * install software.
 */
export function requireRabbitmq(exists: (path: string) => boolean = existsSync): void {
  const missing = missingScripts(exists);
  if (missing.length === 0) return;
  throw new Error(
    `rabbitmq-server is not installed (${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing): ${howToInstall(hasSystemd(exists))}`,
  );
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
export const POLICY_MARKER = "# Written by the tickets stack while it installs rabbitmq-server, and removed after.";

/** What ensureRabbitmqInstalled looks at on the machine. */
export interface InstallMachine {
  /** Whether RabbitMQ's scripts are there; rabbitmqInstalled unless told. */
  installed?: () => boolean;
  /** Debian's policy-rc.d hook. */
  policyPath?: string;
  /** Whether an apt or dpkg runs; packageManagerRunning unless told. */
  aptRunning?: () => boolean;
}

/**
 * For `stack start`, `stack dev` and `stack broker start` only, which a
 * person runs to get a working system: as root on Debian or Ubuntu it
 * installs the distribution's package; anywhere else it fails as
 * requireRabbitmq does. The package would start a system-wide node on the
 * default ports, the very ports ours takes, and enable it at boot: it is
 * installed with service starts refused, and disabled where systemd runs.
 * `machine` stands in for the real one in its unit test.
 */
export async function ensureRabbitmqInstalled(log: (line: string) => void, machine: InstallMachine = {}): Promise<void> {
  const { installed = rabbitmqInstalled, policyPath = POLICY_RC_D, aptRunning = packageManagerRunning } = machine;
  if (installed()) {
    try {
      if (removeStalePolicyHook(policyPath, aptRunning)) log(`Removed ${policyPath}, left behind by an interrupted install of RabbitMQ: it kept apt from starting any service it installs.`);
    } catch {
      log(`${policyPath}, left behind by an interrupted install of RabbitMQ, keeps apt from starting any service it installs: \`sudo rm ${policyPath}\` removes it.`);
    }
    return;
  }
  // Not root, or not Debian: requireRabbitmq throws, saying what to install.
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) requireRabbitmq();
  log("RabbitMQ is not installed: installing Debian's rabbitmq-server (about a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await withServiceStartsRefused(async () => {
    for (const args of [["update", "-q"], ["install", "-y", "-q", "rabbitmq-server"]]) {
      const giveUpAt = Date.now() + APT_BUSY_GIVE_UP_MS;
      for (;;) {
        const result = await withHeartbeat(run("apt-get", [...APT_LOCK_WAIT, ...args], env), (seconds) => {
          log(`… apt-get ${args[0] ?? ""} still runs (${seconds} s).`);
        });
        if (result.code === 0) break;
        if (!result.stderr.includes("Could not get lock") || Date.now() > giveUpAt) {
          throw new Error(`apt-get ${args.join(" ")} failed:\n${result.stderr.slice(-2000)}`);
        }
        log("apt is busy (another apt or dpkg holds its lock, unattended upgrades say); trying again in 10 s…");
        await new Promise((resolve) => setTimeout(resolve, APT_BUSY_RETRY_MS));
      }
    }
  }, policyPath);
  requireRabbitmq();
  if (hasSystemd()) {
    // --now as well: a policy-rc.d of the machine's own may have let it start.
    const disabled = await run("systemctl", ["disable", "--now", "rabbitmq-server"]);
    if (disabled.code !== 0) {
      log(`Note: could not disable the system RabbitMQ service (${disabled.stderr.trim()}); if it holds port 5672, run \`systemctl disable --now rabbitmq-server\`.`);
    }
    // Debian's Erlang also enables epmd.socket, which listens on every interface; without it our nodes start their
    // own epmd on loopback. An Erlang without that unit has nothing to disable.
    if ((await run("systemctl", ["cat", "epmd.socket"])).code === 0) {
      const epmd = await run("systemctl", ["disable", "--now", "epmd.socket"]);
      if (epmd.code !== 0) log(`Note: could not disable epmd.socket (${epmd.stderr.trim()}), which listens on every interface: run \`systemctl disable --now epmd.socket\`.`);
    }
  }
}

/** How often a long install says it still runs. */
const HEARTBEAT_MS = 15_000;

/**
 * Calls `say` with the seconds since it began, every `everyMs`, until `work`
 * settles. apt's output is kept for its errors rather than shown, and its
 * wait for dpkg's lock may last minutes: without a word all that time, an
 * install looks hung.
 */
export async function withHeartbeat<T>(work: Promise<T>, say: (seconds: number) => void, everyMs = HEARTBEAT_MS): Promise<T> {
  const startedAt = Date.now();
  const timer = setInterval(() => {
    say(Math.round((Date.now() - startedAt) / 1000));
  }, everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** Programs that take apt's or dpkg's locks, by the name /proc/<pid>/comm gives them (cut at 15 characters). */
const PACKAGE_MANAGERS = new Set(["apt", "apt-get", "aptitude", "dpkg", "unattended-upgr"]);

/** Whether an apt or dpkg runs now; such an install (ours, in another terminal, or .ci/run's) may be using our hook. */
function packageManagerRunning(): boolean {
  return processIds().some((pid) => {
    try {
      return PACKAGE_MANAGERS.has(readFileSync(`/proc/${pid}/comm`, "utf8").trim());
    } catch {
      return false;
    }
  });
}

/**
 * Removes a policy-rc.d of ours that an install killed halfway (a second
 * Ctrl-C, SIGKILL) left behind. RabbitMQ may be installed by then, so no
 * later install of ours would come to remove it, and every service any
 * later apt install on the machine brings would silently not start. Not
 * while an apt or dpkg runs: that may be an install of ours in another
 * terminal, which needs its hook until it is done and removes it itself.
 * True once removed; throws when this user may not remove it.
 */
function removeStalePolicyHook(policyPath: string, aptRunning: () => boolean): boolean {
  if (!isOurPolicyHook(policyPath) || aptRunning()) return false;
  rmSync(policyPath);
  return true;
}

function isOurPolicyHook(policyPath: string): boolean {
  try {
    return readFileSync(policyPath, "utf8").includes(POLICY_MARKER);
  } catch {
    return false;
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
