import type { UserConfigFnObject } from "vite";
import type { SITE_PORTS } from "./site-ports.js";

/** A site's Vite config: dev and preview on 127.0.0.1 at the site's own port (`SITE_PORT` overrides it). */
export function siteViteConfig(country: keyof typeof SITE_PORTS): UserConfigFnObject;
