/**
 * What `vite preview` (and so `pnpm start` and the e2e suite) sends with every
 * page. The site holds no secret, but a page that frames it could trick a
 * click on the rush (`frame-ancestors`), and a script injected into it could
 * buy in the buyer's name (`script-src 'self'`). `connect-src` allows any
 * WebSocket because `?broker=` may name a broker on this machine or on the
 * page's own host; `worker-src blob:` is stompjs' heartbeat Worker; the one
 * inline `<style>` of index.html needs `'unsafe-inline'` for styles only.
 * `vite` (dev) sends none: its client injects what a policy would refuse.
 */
export const SITE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join("; "),
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};
