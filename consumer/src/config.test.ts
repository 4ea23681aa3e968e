import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const CWD = "/srv/consumer";

describe("loadConfig", () => {
  it("when nothing is set, uses the documented defaults", () => {
    const config = loadConfig({}, CWD);

    expect(config).toEqual({
      amqpUrl: "amqp://consumer:consumer@127.0.0.1:5672/tickets",
      httpHost: "127.0.0.1",
      httpPort: 9464,
      databasePath: "/srv/consumer/data/tickets.sqlite",
      ticketsTotal: 100_000,
      stockIntervalMs: 500,
      logLevel: "info",
    });
  });

  it("when every variable is set, uses them", () => {
    const env = {
      AMQP_URL: "amqps://u:p@broker.example:5671/tickets",
      HTTP_HOST: "0.0.0.0",
      HTTP_PORT: "0",
      DATABASE_PATH: "/var/lib/tickets/db.sqlite",
      TICKETS_TOTAL: "500",
      STOCK_INTERVAL_MS: "2000",
      LOG_LEVEL: "debug",
    };

    const config = loadConfig(env, CWD);

    expect(config).toEqual({
      amqpUrl: "amqps://u:p@broker.example:5671/tickets",
      httpHost: "0.0.0.0",
      httpPort: 0,
      databasePath: "/var/lib/tickets/db.sqlite",
      ticketsTotal: 500,
      stockIntervalMs: 2000,
      logLevel: "debug",
    });
  });

  it("when a variable is empty, treats it as unset", () => {
    const config = loadConfig({ HTTP_PORT: "", LOG_LEVEL: "" }, CWD);

    expect(config).toMatchObject({ httpPort: 9464, logLevel: "info" });
  });

  it("when the database path is relative, resolves it against the working directory", () => {
    const config = loadConfig({ DATABASE_PATH: "../shared/t.sqlite" }, CWD);

    expect(config.databasePath).toBe("/srv/shared/t.sqlite");
  });

  it.each([
    ["AMQP_URL", "http://127.0.0.1:5672"],
    ["AMQP_URL", "not a url"],
    ["HTTP_PORT", "65536"],
    ["HTTP_PORT", "-1"],
    ["HTTP_PORT", "80.5"],
    ["TICKETS_TOTAL", "lots"],
    ["STOCK_INTERVAL_MS", "10"],
    ["LOG_LEVEL", "verbose"],
  ])("when %s is %j, refuses to start with a ConfigError naming it", (name, value) => {
    const act = () => loadConfig({ [name]: value }, CWD);

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(name);
  });

  it("when several variables are wrong, names all of them at once", () => {
    const act = () => loadConfig({ HTTP_PORT: "x", LOG_LEVEL: "loud" }, CWD);

    expect(act).toThrow(/HTTP_PORT.*LOG_LEVEL/);
  });
});
