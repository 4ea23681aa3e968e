import { CONSUMER_SETTINGS } from "@repo/stack";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, SETTING_NAMES } from "./config.js";

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
    ["STOCK_INTERVAL_MS", "2001"],
    ["LOG_LEVEL", "verbose"],
  ])("when %s is %j, refuses to start with a ConfigError naming it", (name, value) => {
    const act = () => loadConfig({ [name]: value }, CWD);

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(name);
  });

  it.each([
    ["amqp:", /names no host/],
    ["amqp://", /names no host/],
    ["amqp:///tickets", /names no host/],
    ["amqp://u:p@broker.example:5672", /names no vhost/],
    ["amqp://u:p@broker.example:5672/", /names no vhost/],
    ["amqp://u:p@broker.example/tickets?heartbeat=abc", /heartbeat must be an integer/],
    ["amqp://u:p@broker.example/tickets?heartbeat=10s", /heartbeat must be an integer/],
    ["amqp://u:p@broker.example/tickets?frameMax=-1", /frameMax must be an integer/],
    ["amqp://u:p@broker.example/tickets?channelMax=1.5", /channelMax must be an integer/],
    ["amqp://u:p@broker.example/tickets?heartbeat=65536", /heartbeat must be an integer from 0 to 65535/],
  ])("when AMQP_URL is %j, which amqplib would complete with a guess, refuses to start saying what is missing", (url, problem) => {
    const act = () => loadConfig({ AMQP_URL: url }, CWD);

    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/AMQP_URL/);
    expect(act).toThrow(problem);
  });

  it.each(["amqp://u:p@broker.example/%2F", "amqps://u:p@[::1]:5671/tickets?heartbeat=0&frameMax=131072&channelMax=100"])(
    "when AMQP_URL is %j, a complete URL, takes it as it is",
    (url) => {
      const config = loadConfig({ AMQP_URL: url }, CWD);

      expect(config.amqpUrl).toBe(url);
    },
  );

  it("when several variables are wrong, names all of them at once", () => {
    const act = () => loadConfig({ HTTP_PORT: "x", LOG_LEVEL: "loud" }, CWD);

    expect(act).toThrow(/HTTP_PORT.*LOG_LEVEL/);
  });
});

describe("SETTING_NAMES", () => {
  it("are the variables the stack keeps from the consumers tests and the benchmark start, so a developer's export cannot change what a test sells", () => {
    expect([...SETTING_NAMES].sort()).toEqual([...CONSUMER_SETTINGS].sort());
  });
});
