import { siteViteConfig } from "@repo/vite-config";

/** The es site's port comes from the one table in @repo/vite-config. */
export default siteViteConfig("es");
