import { describe, expect, it } from "vitest";
import { brokerFromEnv, brokerOverride, resolveBroker } from "./broker.js";

describe("broker settings", () => {
  it("without configuration, a site connects to the local broker as its own site user", () => {
    expect(resolveBroker("fr", undefined)).toEqual({
      url: "ws://127.0.0.1:15674/ws",
      login: "site-fr",
      passcode: "site-fr",
      vhost: "tickets",
    });
  });

  it("configured values win over the defaults, and blank ones are ignored", () => {
    const settings = resolveBroker("de", { url: "wss://broker.example/ws", passcode: "secret" });
    const blank = resolveBroker("de", { url: " ", passcode: "" });

    expect(settings).toEqual({ url: "wss://broker.example/ws", login: "site-de", passcode: "secret", vhost: "tickets" });
    expect(blank).toEqual({ url: "ws://127.0.0.1:15674/ws", login: "site-de", passcode: "site-de", vhost: "tickets" });
  });

  it("the Vite environment's broker variables are read, and missing or blank ones stay undefined", () => {
    const env = { VITE_BROKER_URL: "ws://10.0.0.2:15674/ws", VITE_STOMP_PASSCODE: "", BASE_URL: "/" };

    expect(brokerFromEnv(env)).toEqual({ url: "ws://10.0.0.2:15674/ws", passcode: undefined });
  });

  it("a ?broker= query parameter with a WebSocket URL on this machine overrides the broker", () => {
    expect(brokerOverride("?broker=ws%3A%2F%2F127.0.0.1%3A40123%2Fws", "shop.example")).toBe("ws://127.0.0.1:40123/ws");
    expect(brokerOverride("?x=1&broker=ws://localhost:15674/ws", "shop.example")).toBe("ws://localhost:15674/ws");
    expect(brokerOverride("?broker=ws://[::1]:15674/ws", "shop.example")).toBe("ws://[::1]:15674/ws");
  });

  it("a ?broker= on the page's own host overrides the broker; one on any other host is ignored", () => {
    expect(brokerOverride("?broker=wss://shop.example/other-ws", "shop.example")).toBe("wss://shop.example/other-ws");
    expect(brokerOverride("?broker=wss://evil.example/ws", "shop.example")).toBeUndefined();
    expect(brokerOverride("?broker=wss://127.0.0.1.evil.example/ws", "shop.example")).toBeUndefined();
  });

  it("a ?broker= value that is not a ws:// or wss:// URL is ignored", () => {
    expect(brokerOverride("?broker=http://127.0.0.1:15674/ws", "127.0.0.1")).toBeUndefined();
    expect(brokerOverride("?broker=not a url", "127.0.0.1")).toBeUndefined();
    expect(brokerOverride("", "127.0.0.1")).toBeUndefined();
  });
});
