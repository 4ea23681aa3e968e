import { describe, expect, it } from "vitest";
import { ConfigError } from "./config.js";
import { parseStockResetArgs } from "./stock-reset-options.js";

const CWD = "/srv/consumer";
/** An operator's own total, which only a valid --total may override. */
const ENV = { TICKETS_TOTAL: "500", DATABASE_PATH: "data/t.sqlite" };

describe("parseStockResetArgs", () => {
  it("when --total is given, puts that many tickets on sale instead of TICKETS_TOTAL", () => {
    const request = parseStockResetArgs(["--total", "7"], ENV, CWD);

    expect(request).toEqual({ kind: "reset", total: 7, databasePath: "/srv/consumer/data/t.sqlite", logLevel: "warn" });
  });

  it("when --total is left out, puts TICKETS_TOTAL on sale", () => {
    const request = parseStockResetArgs([], ENV, CWD);

    expect(request).toMatchObject({ kind: "reset", total: 500 });
  });

  it("when --total comes after the `--` pnpm passes on, still reads it", () => {
    const request = parseStockResetArgs(["--", "--total", "7"], ENV, CWD);

    expect(request).toMatchObject({ kind: "reset", total: 7 });
  });

  it.each([[["--total", ""]], [["--total="]]])("when --total is empty (%j), refuses with a ConfigError naming the flag instead of resetting to a default", (args) => {
    const act = () => parseStockResetArgs(args, ENV, CWD);

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/^--total: must be an integer .*not empty/);
  });

  it.each(["abc", "-1", "1.5", "1e3", " 7", "9007199254740992"])("when --total is %j, refuses with a ConfigError naming the flag", (total) => {
    const act = () => parseStockResetArgs([`--total=${total}`], ENV, CWD);

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/^--total: must be an integer from 0 to 9007199254740991/);
  });

  it("when --total is valid, a bad TICKETS_TOTAL it replaces does not stop the reset", () => {
    const request = parseStockResetArgs(["--total", "7"], { TICKETS_TOTAL: "lots" }, CWD);

    expect(request).toMatchObject({ kind: "reset", total: 7 });
  });

  it("settings the reset never reads, such as an AMQP_URL without a vhost, do not stop it", () => {
    const request = parseStockResetArgs([], { AMQP_URL: "amqp://consumer:consumer@127.0.0.1:5672", HTTP_PORT: "none", TICKETS_TOTAL: "9" }, CWD);

    expect(request).toMatchObject({ kind: "reset", total: 9 });
  });

  it("when LOG_LEVEL is set, logs at that level; else only warnings", () => {
    expect(parseStockResetArgs([], { LOG_LEVEL: "debug" }, CWD)).toMatchObject({ logLevel: "debug" });
    expect(parseStockResetArgs([], {}, CWD)).toMatchObject({ logLevel: "warn" });
  });

  it("when asked for help, asks for nothing else", () => {
    expect(parseStockResetArgs(["--help"], { TICKETS_TOTAL: "lots" }, CWD)).toEqual({ kind: "help" });
  });
});
