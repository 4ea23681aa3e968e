/** Each site's fixed port, in `vite` and `vite preview` alike (5171–5174). */
export declare const SITE_PORTS: Readonly<Record<"fr" | "de" | "gb" | "es", number>>;
