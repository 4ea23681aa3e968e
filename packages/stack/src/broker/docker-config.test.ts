import { SITE_PORTS } from "@repo/vite-config/site-ports";
import { describe, expect, it } from "vitest";
import { rabbitmqConfSettings as settings } from "../test-support/rabbitmq-conf.js";

/**
 * Where the Docker copy may differ, and why: inside a container the
 * listeners bind every interface (the compose file publishes them on the
 * host's loopback), the definitions are mounted at a fixed path, the stack
 * adds those two lines itself to the node's own copy, and only the Docker
 * broker (4.2.6+) checks the origins of Web-STOMP connections.
 */
const DOCKER_ONLY = /^(load_definitions|web_stomp\.allow_origins\.\d+)$/;
const LOCAL_ONLY = new Set(["web_stomp.tcp.ip", "management.tcp.ip"]);
const BIND_ADDRESS = new Set(["listeners.tcp.1"]);

describe("rabbitmq/docker/rabbitmq.conf", () => {
  it("has every setting of rabbitmq.conf with the same value, bind addresses aside", () => {
    const local = settings("rabbitmq/rabbitmq.conf");
    const docker = settings("rabbitmq/docker/rabbitmq.conf");

    const differing = [...local].filter(([key, value]) => !LOCAL_ONLY.has(key) && !BIND_ADDRESS.has(key) && docker.get(key) !== value);
    const extra = [...docker.keys()].filter((key) => !local.has(key) && !DOCKER_ONLY.test(key));

    expect(differing).toEqual([]);
    expect(extra).toEqual([]);
    expect(docker.get("listeners.tcp.1")?.split(":")[1]).toBe(local.get("listeners.tcp.1")?.split(":")[1]);
  });

  it("lets Web-STOMP connections in from exactly the four sites' origins, as SITE_PORTS serves them", () => {
    const docker = settings("rabbitmq/docker/rabbitmq.conf");
    const sitesOrigins = ["127.0.0.1", "localhost"].flatMap((host) => Object.values(SITE_PORTS).map((port) => `http://${host}:${port}`));

    const allowed = [...docker].filter(([key]) => key.startsWith("web_stomp.allow_origins.")).map(([, origin]) => origin);

    expect(allowed.sort()).toEqual(sitesOrigins.sort());
  });
});
