import type { Country } from "@repo/contract";
import type { UserConfigFnObject } from "vite";
import { defineConfig, loadEnv } from "vite";
import { SITE_HEADERS } from "./site-headers.js";
import { SITE_PORTS } from "./site-ports.js";

/**
 * A site's Vite config: `vite` and `vite preview` both serve on 127.0.0.1 at
 * the site's own port, so the four sites run side by side and a taken port
 * fails loudly instead of moving. `SITE_PORT` overrides the port. Preview
 * sends SITE_HEADERS.
 */
export function siteViteConfig(country: Country): UserConfigFnObject {
  const defaultPort = SITE_PORTS[country];
  return defineConfig(({ mode }) => {
    const port = Number(loadEnv(mode, process.cwd(), "SITE_").SITE_PORT ?? defaultPort);
    if (!Number.isInteger(port) || port <= 0) throw new Error("SITE_PORT must be a port number");
    const server = { host: "127.0.0.1", port, strictPort: true };
    return { server, preview: { ...server, headers: SITE_HEADERS } };
  });
}
