import type { Page, WebSocketRoute } from "@playwright/test";
import { expect } from "@playwright/test";
import { STOCK_MESSAGE_DESTINATION } from "@repo/contract";
import type { Reply } from "./stomp-frames.js";
import { parseFrames, repliesIn } from "./stomp-frames.js";

// Faults on the wire between a site and the broker: each routes the
// WebSocket of the page loaded next through the test, which holds back,
// silences or cuts what the network would.

/** A site's page and the broker URL it was opened on (a ShopPage). */
export interface RoutedPage {
  readonly page: Page;
  readonly brokerUrl: string;
}

/** The page's connection to the broker, routed through the test (routeBrokerLine). */
export interface BrokerLine {
  /**
   * From now on nothing the broker sends on the connection open now reaches
   * the page, not even a close, while the page's own frames (its heartbeats)
   * still reach the broker: the network died without closing the socket, and
   * only the page can find out. Connections opened later pass both ways.
   * At once: every moment waited here is one less between the page's last
   * frame and its timeouts. A frame already passed on may still reach the
   * page, which only makes its last frame later.
   */
  silence(): void;
  /** Frames the broker sent on the silenced connection that the page never got. */
  framesKeptBack(): number;
  /** Whether the page has given up on the silenced socket and closed it. */
  silencedClosedByPage(): boolean;
}

/** The page's connection to the broker, routed through the test (routeCuttableLine). */
export interface CuttableLine {
  /**
   * Cuts the connection open now on both sides, as a lost network does,
   * with the browser still saying it is online; every attempt from now on
   * closes before any CONNECTED, as with a broker that is down.
   */
  cut(): Promise<void>;
  /** Attempts refused since the cut. */
  refused(): number;
}

/** The page's connection to the broker, routed through the test (routeReceiptLine). */
export interface ReceiptLine {
  /** RECEIPT frames kept back from the page so far. */
  held(): number;
  /**
   * Cuts the connection open now, as a lost network would: the page's
   * socket closes, and what was kept back is lost with it. Connections the
   * page opens later pass every frame.
   */
  cut(): Promise<void>;
  /** The consumer's answers handed to the page, on every connection, oldest first. */
  replies(): Reply[];
}

/** The live stock's MESSAGE frames on their way to a page, which the test can hold back. */
export interface StockTap {
  /** Hands over the frames held back, in order, once one has come, and lets the next through. */
  release(): Promise<void>;
  /** Holds back the frames that come next, as a consumer that stopped would send none. */
  hold(): void;
}

/**
 * Keeps the live stock's MESSAGE frames from the page loaded next until
 * the tap is released. Every other frame passes both ways.
 */
export async function holdBackStock({ page, brokerUrl }: RoutedPage): Promise<StockTap> {
  let holding = true;
  const held: { socket: WebSocketRoute; frame: string | Buffer }[] = [];
  await page.routeWebSocket(brokerUrl, (socket) => {
    const server = socket.connectToServer();
    server.onMessage((frame) => {
      const isStock = parseFrames(frame).some(({ command, headers }) => command === "MESSAGE" && headers.get("destination") === STOCK_MESSAGE_DESTINATION);
      if (holding && isStock) held.push({ socket, frame });
      else socket.send(frame);
    });
  });
  return {
    async release() {
      await expect.poll(() => held.length, { message: "no stock broadcast reached the page" }).toBeGreaterThan(0);
      holding = false;
      for (const { socket, frame } of held.splice(0)) socket.send(frame);
    },
    hold() {
      holding = true;
    },
  };
}

/**
 * Holds back the page's frames to the broker, its CONNECT first, so the
 * page loaded next stays "connecting" until the returned function lets
 * them through.
 */
export async function holdBackConnect({ page, brokerUrl }: RoutedPage): Promise<() => void> {
  let holding = true;
  const held: { server: WebSocketRoute; frame: string | Buffer }[] = [];
  await page.routeWebSocket(brokerUrl, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((frame) => {
      if (holding) held.push({ server, frame });
      else server.send(frame);
    });
  });
  return () => {
    holding = false;
    for (const { server, frame } of held.splice(0)) server.send(frame);
  };
}

/** Routes the broker connections of the page loaded next through a line the test can silence. */
export async function routeBrokerLine({ page, brokerUrl }: RoutedPage): Promise<BrokerLine> {
  let latest: WebSocketRoute | undefined;
  let silenced: WebSocketRoute | undefined;
  let keptBack = 0;
  let closedByPage = false;
  await page.routeWebSocket(brokerUrl, (socket) => {
    latest = socket;
    const server = socket.connectToServer();
    server.onMessage((frame) => {
      if (socket === silenced) keptBack++;
      else socket.send(frame);
    });
    server.onClose((code, reason) => {
      if (socket !== silenced) void socket.close({ code, reason });
    });
    socket.onClose((code, reason) => {
      if (socket === silenced) closedByPage = true;
      void server.close({ code, reason });
    });
  });
  return {
    silence: () => {
      if (latest === undefined) throw new Error("the page opened no connection to the broker after routeBrokerLine()");
      silenced = latest;
    },
    framesKeptBack: () => keptBack,
    silencedClosedByPage: () => closedByPage,
  };
}

/** Routes the broker connections of the page loaded next through a line the test can cut for good. */
export async function routeCuttableLine({ page, brokerUrl }: RoutedPage): Promise<CuttableLine> {
  let open: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
  let wasCut = false;
  let refused = 0;
  await page.routeWebSocket(brokerUrl, (socket) => {
    if (wasCut) {
      refused++;
      void socket.close();
      return;
    }
    // Closing either side closes the other, as Playwright does by default.
    open = { page: socket, server: socket.connectToServer() };
  });
  return {
    refused: () => refused,
    cut: async () => {
      if (open === undefined) throw new Error("the page opened no connection to the broker after routeCuttableLine()");
      wasCut = true;
      await open.page.close();
      await open.server.close();
    },
  };
}

/**
 * Routes the broker connection of the page loaded next: once `passing`
 * RECEIPT frames have reached the page, nothing more the broker sends on
 * that connection does (so the page hears no proof either that the
 * broker took its later SENDs or that it refused them), until the test
 * cuts it. The page's own frames pass; the answers handed to it are recorded.
 */
export async function routeReceiptLine({ page, brokerUrl }: RoutedPage, passing: number): Promise<ReceiptLine> {
  let open: { page: WebSocketRoute; server: WebSocketRoute } | undefined;
  let wasCut = false;
  let passed = 0;
  let held = 0;
  const replies: Reply[] = [];
  await page.routeWebSocket(brokerUrl, (socket) => {
    const server = socket.connectToServer();
    const holds = !wasCut;
    open = { page: socket, server };
    server.onMessage((frame) => {
      const receipts = parseFrames(frame).filter(({ command }) => command === "RECEIPT").length;
      if (holds && passed >= passing) {
        held += receipts;
        return;
      }
      passed += receipts;
      replies.push(...repliesIn(frame));
      socket.send(frame);
    });
  });
  return {
    held: () => held,
    replies: () => [...replies],
    cut: async () => {
      if (open === undefined) throw new Error("the page opened no connection to the broker after routeReceiptLine()");
      wasCut = true;
      await open.page.close();
      await open.server.close();
    },
  };
}
