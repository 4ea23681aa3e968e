import type { Country } from "@repo/contract";

/**
 * Each site's fixed port, in `vite` and `vite preview` alike: the four sites
 * run side by side on 5171–5174. The sites' Vite configs and the stack's
 * `pnpm start` both read it from here, so the two cannot drift apart.
 */
export const SITE_PORTS: Readonly<Record<Country, number>> = Object.freeze({ fr: 5171, de: 5172, gb: 5173, es: 5174 });
