import { readFileSync } from "node:fs";
import { basename } from "node:path";

/**
 * What /proc tells of the processes of a node: which command lines are its
 * server VM, or about to become it, and a process's environment, where a
 * boot's id is found.
 */

/**
 * Whether a command line (/proc/<pid>/cmdline split on NUL) is the RabbitMQ
 * server VM of the node whose data folder is `dataDir`. The node's
 * environment sets HOME to that folder, and `erl` turns HOME into
 * `-home <HOME>` on the command line of every VM run with it: rabbitmqctl,
 * rabbitmq-plugins and rabbitmq-diagnostics run in a beam.smp with the same
 * `-home`, so `-home` alone would let a kill take a `rabbitmqctl` the node's
 * own start is waiting on. Only rabbitmq-server boots the VM with
 * `-s rabbit boot`. Both are matched as consecutive whole arguments, so that
 * node `a` is not taken for node `a-2`, nor a `tail -f <dataDir>/log/…` for
 * the node.
 */
export function isServerVmCommandLine(args: readonly string[], dataDir: string): boolean {
  return (
    basename(args[0] ?? "") === "beam.smp" &&
    hasConsecutive(args, ["-home", dataDir]) &&
    hasConsecutive(args, ["-s", "rabbit", "boot"])
  );
}

/**
 * Whether a command line is, or is about to become, the server VM of the
 * node whose data folder is `dataDir`: the VM itself, or the erlexec that
 * rabbitmq-server runs (through erl) with `-s rabbit boot`, which forks
 * twice and then execs the VM. erlexec adds `-home` only to the VM's
 * command line, so its own says nothing of the node: only a caller that
 * knows the process for its boot's (the boot id in its environment) may
 * use this.
 */
export function isBootingServerCommandLine(args: readonly string[], dataDir: string): boolean {
  return isServerVmCommandLine(args, dataDir) || (basename(args[0] ?? "") === "erlexec" && hasConsecutive(args, ["-s", "rabbit", "boot"]));
}

function hasConsecutive(args: readonly string[], sequence: readonly string[]): boolean {
  return args.some((_, start) => sequence.every((arg, offset) => args[start + offset] === arg));
}

/** A process's environment as it was started, as `NAME=value` entries; none when it is gone or not ours to read. */
export function environmentOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  } catch {
    return [];
  }
}

