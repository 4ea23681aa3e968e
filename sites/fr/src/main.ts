import { mountSite } from "@repo/ui";
import { siteConfig } from "./site.config.js";

mountSite(siteConfig);
