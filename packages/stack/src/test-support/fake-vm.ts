import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/** What erl puts on the command line of every VM run with a node's environment, whose HOME is the node's folder. */
function erlArgs(dataDir: string): string[] {
  return ["-root", "/usr/lib/erlang", "-bindir", "/usr/lib/erlang/erts-13.1.5/bin", "-progname", "erl", "--", "-home", dataDir, "--"];
}

/** A node's server VM as /proc/<pid>/cmdline shows it (RabbitMQ 3.10 on Erlang 25), split on NUL. */
export function serverVmCommandLine(dataDir: string): string[] {
  return [
    "/usr/lib/erlang/erts-13.1.5/bin/beam.smp", "-W", "w", "-MBas", "ageffcbf", "-P", "1048576", "-t", "5000000", "-B", "i", "--",
    ...erlArgs(dataDir),
    "-pa", "", "-noshell", "-noinput", "-s", "rabbit", "boot", "-boot", "start_sasl",
    "-kernel", "inet_dist_use_interface", "{127,0,0,1}", "-syslog", "logger", "[]", "-noshell", "-noinput", "",
  ];
}

/** `rabbitmqctl -n <node> wait …` run with the node's environment, as /proc/<pid>/cmdline shows it: a VM of its own, with the node's -home. */
export function rabbitmqctlCommandLine(dataDir: string): string[] {
  return [
    "/usr/lib/erlang/erts-13.1.5/bin/beam.smp", "-B", "--",
    ...erlArgs(dataDir),
    "-boot", "start_clean", "-noshell", "-noinput", "-hidden", "-smp", "enable", "-run", "escript", "start", "-escript", "main",
    "rabbitmqctl_escript", "-extra", "/usr/lib/rabbitmq/lib/rabbitmq_server-3.10.8/escript/rabbitmqctl",
    "-n", "tickets@localhost", "wait", "--timeout", "90", join(dataDir, "rabbitmq.pid"), "",
  ];
}

/**
 * A command that passes for a VM with this command line: Node, run as a
 * `beam.smp` in `dir` (a link to it), idling with the VM's arguments after
 * its script.
 */
export function fakeVmCommand(dir: string, commandLine: readonly string[]): string[] {
  const beam = join(dir, "beam.smp");
  if (!existsSync(beam)) symlinkSync(process.execPath, beam);
  return [beam, "-e", "setInterval(() => undefined, 1000)", "--", ...commandLine.slice(1)];
}

/** Starts fakeVmCommand as a child of this process, which reaps it once it is killed. */
export function startFakeVm(dir: string, commandLine: readonly string[]): ChildProcess {
  const [beam = "", ...args] = fakeVmCommand(dir, commandLine);
  return spawn(beam, args, { stdio: "ignore" });
}
