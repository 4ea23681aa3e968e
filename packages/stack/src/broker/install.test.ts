import { describe, expect, it } from "vitest";
import { RABBITMQ_SERVER, RABBITMQCTL, requireRabbitmq } from "./install.js";

describe("requireRabbitmq", () => {
  it("when RabbitMQ is missing, it fails with what to install instead of installing it", () => {
    expect(() => {
      requireRabbitmq(() => false);
    }).toThrow(/^rabbitmq-server is not installed .* are missing\): `sudo apt-get install -y rabbitmq-server`/);
  });

  it("when only rabbitmqctl is missing, it fails the same way, naming that script alone", () => {
    expect(() => {
      requireRabbitmq((path) => path === RABBITMQ_SERVER);
    }).toThrow(`rabbitmq-server is not installed (${RABBITMQCTL} is missing)`);
  });

  it("when both scripts are there, it lets the node start", () => {
    expect(() => {
      requireRabbitmq((path) => path === RABBITMQ_SERVER || path === RABBITMQCTL);
    }).not.toThrow();
  });
});
