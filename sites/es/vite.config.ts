import { siteViteConfig } from "@repo/vite-config";

/** The es site's fixed port; the four sites run side by side on 5171–5174. */
export default siteViteConfig(5174);
