import { siteViteConfig } from "@repo/vite-config";

/** The gb site's fixed port; the four sites run side by side on 5171–5174. */
export default siteViteConfig(5173);
