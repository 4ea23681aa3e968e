import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { logger } from "./logger.js";

const log = logger.child({ module: "http" });

/** What /healthz reports: `healthy` picks the status code; the whole report is the JSON body. */
export interface HealthReport {
  healthy: boolean;
}

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  health: () => HealthReport;
  registry: Registry;
}

export interface HttpServer {
  /** The port actually bound. */
  port: number;
  close(): Promise<void>;
}

/** Serves GET /healthz (200 when healthy, else 503) and GET /metrics (Prometheus text). */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const server = createServer((request, response) => {
    route(request, response, options).catch((err: unknown) => {
      // Only the two routes get this far, so the path logged is one of ours, never text a client chose.
      log.error({ err, path: pathOf(request) }, "request failed");
      if (!response.headersSent) send(response, 500, "text/plain", "internal error\n");
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => {
    log.error({ err }, "http server error");
  });
  const { port } = server.address() as AddressInfo;
  log.info({ host: options.host, port }, "serving /healthz and /metrics");

  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        // close() waits for requests under way, and stops timing out the ones a client never finishes sending:
        // one stalled request would hold shutdown to its deadline. Nothing served here is worth finishing.
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: HttpServerOptions): Promise<void> {
  const path = pathOf(request);
  if (path !== "/healthz" && path !== "/metrics") {
    send(response, 404, "text/plain", "not found\n");
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    send(response, 405, "text/plain", "method not allowed\n");
    return;
  }
  if (path === "/healthz") {
    const report = options.health();
    // A field with nothing to say is null rather than left out: `"store":{}` read as a report that says nothing of the store.
    const body = JSON.stringify(report, (_key, value: unknown) => (value === undefined ? null : value));
    send(response, report.healthy ? 200 : 503, "application/json", `${body}\n`);
    return;
  }
  send(response, 200, options.registry.contentType, await options.registry.metrics());
}

/**
 * The request target's path, its query cut off. The usual form, a path, is
 * not read through `new URL`: it throws on targets a client may send
 * (`//%AA…` reads as a bad host), which would answer 500 and log the
 * client's text. The absolute form (`http://host/healthz`), which HTTP/1.1
 * servers must accept, is; one it cannot read is no path of ours.
 */
function pathOf(request: IncomingMessage): string {
  const target = request.url ?? "/";
  if (target.startsWith("/")) return target.split("?", 1)[0] ?? "/";
  try {
    return new URL(target).pathname;
  } catch {
    return "";
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  response.end(body);
}
