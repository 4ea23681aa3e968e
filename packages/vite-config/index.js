import { defineConfig, loadEnv } from "vite";
import { SITE_PORTS } from "./site-ports.js";

/**
 * What `vite preview` (and so `pnpm start` and the e2e suite) sends with every
 * page. The site holds no secret, but a page that frames it could trick a
 * click on the rush (`frame-ancestors`), and a script injected into it could
 * buy in the buyer's name (`script-src 'self'`). `connect-src` allows any
 * WebSocket because `?broker=` may name a broker on this machine or on the
 * page's own host; `worker-src blob:` is stompjs' heartbeat Worker; the one
 * inline `<style>` of index.html needs `'unsafe-inline'` for styles only.
 * `vite` (dev) sends none: its client injects what a policy would refuse.
 */
export const SITE_HEADERS = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join("; "),
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

/**
 * A site's Vite config: `vite` and `vite preview` both serve on 127.0.0.1 at
 * the site's own port, so the four sites run side by side and a taken port
 * fails loudly instead of moving. `SITE_PORT` overrides the port. Preview
 * sends SITE_HEADERS.
 *
 * @param {keyof typeof SITE_PORTS} country
 */
export function siteViteConfig(country) {
  const defaultPort = SITE_PORTS[country];
  if (defaultPort === undefined) throw new Error(`No site port for country "${country}"`);
  return defineConfig(({ mode }) => {
    const port = Number(loadEnv(mode, process.cwd(), "SITE_").SITE_PORT ?? defaultPort);
    if (!Number.isInteger(port) || port <= 0) throw new Error("SITE_PORT must be a port number");
    const server = { host: "127.0.0.1", port, strictPort: true };
    return { server, preview: { ...server, headers: SITE_HEADERS } };
  });
}
