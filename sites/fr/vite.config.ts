import { siteViteConfig } from "@repo/vite-config";

/** The fr site's port comes from the one table in @repo/vite-config. */
export default siteViteConfig("fr");
