import { siteViteConfig } from "@repo/vite-config";

/** The de site's port comes from the one table in @repo/vite-config. */
export default siteViteConfig("de");
