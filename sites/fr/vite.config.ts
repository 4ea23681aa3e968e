import { defineConfig, loadEnv } from "vite";

/** This site's port; each site has its own so all four run side by side. `SITE_PORT` overrides it. */
const PORT = 5171;

export default defineConfig(({ mode }) => {
  const port = Number(loadEnv(mode, process.cwd(), "SITE_").SITE_PORT ?? PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("SITE_PORT must be a port number");
  const server = { host: "127.0.0.1", port, strictPort: true };
  return { server, preview: server };
});
