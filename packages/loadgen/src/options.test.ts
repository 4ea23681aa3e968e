import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, OptionsError, parseOptions } from "./options.js";

describe("parseOptions", () => {
  it("runs every scenario with the short defaults when given no flags", () => {
    const options = parseOptions([]);

    expect(options).toEqual(DEFAULT_OPTIONS);
  });

  it("reads seconds as milliseconds and keeps the fixed scenario order whatever order they are named in", () => {
    const options = parseOptions(["--scenario", "steady,max", "--duration", "2.5", "--warmup", "0", "--timeout", "3", "--rounds", "5"]);

    expect(options).toMatchObject({ scenarios: ["max", "steady"], durationMs: 2500, warmupMs: 0, timeoutMs: 3000, rounds: 5 });
  });

  it("reads a country mix and leaves unnamed countries out", () => {
    const options = parseOptions(["--mix", "fr=3,de=1"]);

    expect(options?.mix).toEqual({ fr: 3, de: 1, gb: 0, es: 0 });
  });

  it("returns undefined for --help, so the caller prints the usage", () => {
    expect(parseOptions(["--help"])).toBeUndefined();
  });

  it.each([
    [["--scenario", "fastest"], "--scenario"],
    [["--duration", "-1"], "--duration"],
    [["--connections", "2"], "--connections"],
    [["--in-flight", "1.5"], "--in-flight"],
    [["--rounds", "0"], "--rounds"],
    [["--mix", "it=1"], "--mix"],
    [["--mix", "fr=0"], "--mix"],
    [["--flood-country", "us"], "--flood-country"],
    [["--idle-connections", "10", "--buyers", "20"], "--buyers"],
  ])("refuses %j, naming the flag", (argv, flag) => {
    expect(() => parseOptions(argv)).toThrow(OptionsError);
    expect(() => parseOptions(argv)).toThrow(flag);
  });

  it("turns the baseline off with --no-baseline", () => {
    expect(parseOptions(["--no-baseline"])?.baseline).toBe(false);
  });
});
