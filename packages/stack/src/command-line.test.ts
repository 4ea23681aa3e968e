import { describe, expect, it } from "vitest";
import { parseCommandLine, UsageError } from "./command-line.js";

const ACCEPTED = { help: [], start: [], "broker stop": [], "broker reset": ["--force"] };

describe("parseCommandLine", () => {
  it("takes a flag the command accepts, with or without the `--` pnpm passes on", () => {
    for (const args of [["broker", "reset", "--force"], ["broker", "reset", "--", "--force"]]) {
      const commandLine = parseCommandLine(args, ACCEPTED);

      expect(commandLine.words).toEqual(["broker", "reset"]);
      expect([...commandLine.flags]).toEqual(["--force"]);
    }
  });

  it("refuses a flag the command does not take, naming the flag and the ones it takes", () => {
    expect(() => parseCommandLine(["broker", "reset", "--froce"], ACCEPTED)).toThrow(
      new UsageError("Unknown option --froce for `stack broker reset` (it takes --force)."),
    );
    expect(() => parseCommandLine(["start", "--force"], ACCEPTED)).toThrow("Unknown option --force for `stack start`.");
  });

  it("refuses a command it does not know, words after a known one included, naming the whole line", () => {
    expect(() => parseCommandLine(["broker", "stop", "now"], ACCEPTED)).toThrow(new UsageError("Unknown command `stack broker stop now`."));
    expect(() => parseCommandLine(["strat"], ACCEPTED)).toThrow(new UsageError("Unknown command `stack strat`."));
    expect(() => parseCommandLine([], ACCEPTED)).toThrow(new UsageError("No command given."));
  });

  it("takes --help or -h anywhere on the line for the command help", () => {
    for (const args of [["--help"], ["-h"], ["broker", "reset", "--help"], ["nonsense", "-h"]]) {
      expect(parseCommandLine(args, ACCEPTED).words).toEqual(["help"]);
    }
  });
});
