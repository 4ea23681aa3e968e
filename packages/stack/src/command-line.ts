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

/**
 * Splits the arguments into words and flags. `accepted` maps a command's
 * words ("broker reset") to the flags it takes; any other flag is refused by
 * name, so a misspelt `--force` cannot pass for no flag at all. A lone `--`
 * is skipped: pnpm passes on the one in `pnpm broker:reset -- --force`.
 */
export function parseCommandLine(args: readonly string[], accepted: Readonly<Record<string, readonly string[]>>): CommandLine {
  const given = args.filter((arg) => arg !== "--");
  const words = given.filter((arg) => !arg.startsWith("-"));
  const flags = given.filter((arg) => arg.startsWith("-"));
  const command = words.join(" ");
  const known = accepted[command] ?? [];
  const unknown = flags.find((flag) => !known.includes(flag));
  if (unknown !== undefined) {
    const forCommand = command === "" ? "" : ` for \`stack ${command}\``;
    const takes = known.length === 0 ? "" : ` (it takes ${known.join(", ")})`;
    throw new UsageError(`Unknown option ${unknown}${forCommand}${takes}.`);
  }
  return { words, flags: new Set(flags) };
}
