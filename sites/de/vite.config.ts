import { siteViteConfig } from "@repo/vite-config";

/** The de site's fixed port; the four sites run side by side on 5171–5174. */
export default siteViteConfig(5172);
