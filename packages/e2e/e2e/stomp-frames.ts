import type { Page } from "@playwright/test";
import { STOCK_MESSAGE_DESTINATION } from "@repo/contract";

/** One answer the consumer sent to a page, as the page received it. */
export interface Reply {
  /** The `correlation-id` header: the orderId the consumer answered. */
  correlationId: string | undefined;
  /** The confirmation, parsed from the frame's body. */
  body: { orderId?: string; status?: string; reason?: string; processedAt?: string; remaining?: number };
}

interface StompFrame {
  command: string;
  headers: Map<string, string>;
  body: string;
}

/** STOMP 1.2 escapes these in header values. */
const HEADER_ESCAPES: Record<string, string> = { "\\\\": "\\", "\\c": ":", "\\n": "\n", "\\r": "\r" };

/** The STOMP frames in one WebSocket message: NUL-terminated, with bare newlines as heartbeats between them. */
export function parseFrames(payload: string | Buffer): StompFrame[] {
  const frames: StompFrame[] = [];
  for (const raw of payload.toString().split("\0")) {
    const text = raw.replace(/^[\r\n]+/, "");
    if (text === "") continue;
    const split = text.indexOf("\n\n");
    const head = split === -1 ? text : text.slice(0, split);
    const [command = "", ...lines] = head.split("\n");
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon === -1) continue;
      const name = line.slice(0, colon);
      // The first occurrence of a repeated header is the one that counts.
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).replace(/\\[\\cnr]/g, (escape) => HEADER_ESCAPES[escape] ?? escape));
    }
    frames.push({ command, headers, body: split === -1 ? "" : text.slice(split + 2) });
  }
  return frames;
}

/** The consumer's answers among the frames of one WebSocket message: every MESSAGE but the live stock's. */
export function repliesIn(payload: string | Buffer): Reply[] {
  return parseFrames(payload)
    .filter(({ command, headers }) => command === "MESSAGE" && headers.get("destination") !== STOCK_MESSAGE_DESTINATION)
    .map(({ headers, body }) => {
      let parsed: Reply["body"] = {};
      try {
        parsed = JSON.parse(body) as Reply["body"];
      } catch {
        // An unreadable body is still a reply the page got; its correlation-id is what the tests look at.
      }
      return { correlationId: headers.get("correlation-id"), body: parsed };
    });
}

/**
 * Records every answer the broker hands the page on the WebSockets it opens
 * from now on (not through a `routeWebSocket` route); the returned function
 * reads them, oldest first.
 */
export function recordReplies(page: Page): () => Reply[] {
  const replies: Reply[] = [];
  page.on("websocket", (socket) => {
    socket.on("framereceived", ({ payload }) => {
      replies.push(...repliesIn(payload));
    });
  });
  return () => [...replies];
}

/** A SEND's orderId; "" for a body that is not a purchase, which a listener must not throw on: nobody would catch it. */
function orderIdOf(body: string): string {
  try {
    const { orderId } = JSON.parse(body) as { orderId?: unknown };
    return typeof orderId === "string" ? orderId : "";
  } catch {
    return "";
  }
}

/**
 * Records the orderId of every SEND the page makes on the WebSockets it
 * opens from now on (a page only SENDs purchases); the returned function
 * reads them, oldest first.
 */
export function recordPurchaseSends(page: Page): () => string[] {
  const orderIds: string[] = [];
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      for (const { command, body } of parseFrames(payload)) {
        if (command !== "SEND") continue;
        orderIds.push(orderIdOf(body));
      }
    });
  });
  return () => [...orderIds];
}
