/** The security headers `vite preview` sends with every page: a Content-Security-Policy and two more. */
export declare const SITE_HEADERS: Readonly<Record<string, string>>;
