import { describe, expect, it } from "vitest";
import { renderConfiguration } from "./broker-node.js";

const TEMPLATE = `listeners.tcp.1 = 127.0.0.1:5672
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = 15674
management.tcp.port = 15672
`;
const PORTS = { amqp: 1001, webStomp: 1002, management: 1003, distribution: 1004 };

describe("renderConfiguration", () => {
  it("moves every listener to the node's ports and keeps them on loopback", () => {
    const rendered = renderConfiguration(TEMPLATE, PORTS, "/defs.json");

    expect(rendered).toContain("listeners.tcp.1 = 127.0.0.1:1001");
    expect(rendered).toContain("web_stomp.tcp.port = 1002");
    expect(rendered).toContain("management.tcp.port = 1003");
    expect(rendered).not.toMatch(/5672|15674|15672/);
  });

  it("loads the definitions file at boot", () => {
    expect(renderConfiguration(TEMPLATE, PORTS, "/x/definitions.json")).toMatch(/^load_definitions = \/x\/definitions\.json$/m);
  });

  it("when the template lost a port line, it refuses instead of booting on the wrong port", () => {
    expect(() => renderConfiguration("web_stomp.tcp.port = 15674\n", PORTS, "/d.json")).toThrow(/listeners/);
  });
});
