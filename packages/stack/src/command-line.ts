/** A command line split into its words, such as "broker" "reset", and its flags, such as "--force". */
export interface CommandLine {
  words: string[];
  flags: ReadonlySet<string>;
}

/** A command line the CLI cannot run: it exits with 2 and its usage. */
export class UsageError extends Error {
  readonly code = "ERR_USAGE";
  override readonly name = "UsageError";
}

/** What asks for the usage, as `help` does, whatever else the line says. */
const HELP_FLAGS: ReadonlySet<string> = new Set(["--help", "-h"]);

/**
 * Splits the arguments into words and flags. `commands` maps each command's
 * words ("broker reset") to the flags it takes; any other command or flag
 * is refused by name, so a misspelt `--force` cannot pass for no flag at
 * all, nor `stack broker stop now` for `stack broker stop`. `--help` or
 * `-h` anywhere is the command `help`. A lone `--` is skipped: pnpm passes
 * on the one in `pnpm broker:reset -- --force`.
 */
export function parseCommandLine(args: readonly string[], commands: Readonly<Record<string, readonly string[]>>): CommandLine {
  const given = args.filter((arg) => arg !== "--");
  if (given.some((arg) => HELP_FLAGS.has(arg))) return { words: ["help"], flags: new Set() };
  const words = given.filter((arg) => !arg.startsWith("-"));
  const flags = given.filter((arg) => arg.startsWith("-"));
  const command = words.join(" ");
  const known = commands[command];
  if (known === undefined) throw new UsageError(command === "" ? "No command given." : `Unknown command \`stack ${command}\`.`);
  const unknown = flags.find((flag) => !known.includes(flag));
  if (unknown !== undefined) {
    const takes = known.length === 0 ? "" : ` (it takes ${known.join(", ")})`;
    throw new UsageError(`Unknown option ${unknown} for \`stack ${command}\`${takes}.`);
  }
  return { words, flags: new Set(flags) };
}
