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

  it("hands the consumer a stock interval only when given one, a whole number of milliseconds", () => {
    expect(parseOptions([])?.stockIntervalMs).toBeUndefined();
    expect(parseOptions(["--stock-interval", "2000"])?.stockIntervalMs).toBe(2000);
    expect(() => parseOptions(["--stock-interval", "0"])).toThrow(OptionsError);
    expect(() => parseOptions(["--stock-interval", "10"])).toThrow("--stock-interval 10: expected 50 to 2000 ms, the consumer's STOCK_INTERVAL_MS range");
    expect(() => parseOptions(["--stock-interval", "2001"])).toThrow(OptionsError);
    expect(() => parseOptions(["--stock-interval", "1.5"])).toThrow(/--stock-interval 1.5: expected a positive integer/);
  });

  it("takes a warm-up of 0 however it is written", () => {
    expect(parseOptions(["--warmup", "0.0"])?.warmupMs).toBe(0);
    expect(parseOptions(["--warmup", "0"])?.warmupMs).toBe(0);
  });

  it("keeps a rate's or a duration's value as rounded for use", () => {
    const options = parseOptions(["--rate", "2.6", "--duration", "0.0016"]);

    expect(options).toMatchObject({ rate: 3, durationMs: 2 });
  });

  it.each([
    [["--rate", "0.4"], "--rate 0.4: rounds to 0 purchases/s; expected at least 1 purchases/s"],
    [["--duration", "0.0004"], "--duration 0.0004: rounds to 0 ms; expected at least 0.001 s"],
    [["--timeout", "0.0001"], "--timeout 0.0001: rounds to 0 ms; expected at least 0.001 s"],
    [["--warmup=-1"], "--warmup -1: expected a non-negative number"],
    [["--rate", "0"], "--rate 0: expected a positive number"],
    [["--duration", "-5"], "--duration -5: expected a positive number"],
    [["--duration", "30000"], "--duration 30000: expected at most 3600 s"],
    [["--timeout", "601"], "--timeout 601: expected at most 600 s"],
    [["--warmup", "1e9"], "--warmup 1e9: expected at most 600 s"],
    [["--scenario", "max,stedy"], "--scenario max,stedy: no scenario is called stedy; expected some of"],
  ])("refuses %j once rounded, saying why", (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
  });

  it("refuses a flood country the mix gives no browser, when flood runs", () => {
    expect(() => parseOptions(["--mix", "de=1,gb=1", "--flood-country", "fr"])).toThrow(
      "--flood-country fr: gets none of the 40 browsers with --mix de=1,gb=1; give it a weight or flood another country",
    );
  });

  it("accepts a flood country without weight when flood does not run", () => {
    expect(parseOptions(["--scenario", "max", "--mix", "de=1"])?.floodCountry).toBe("fr");
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
    [["--mix", "fr=,de=1"], "--mix"],
    [["--mix", "fr,de=1"], "--mix"],
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
