import WebSocket from "ws";

/** A frame the broker sent. */
export interface StompFrame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

/** How the WebSocket ended. */
export interface SocketClosed {
  code: number;
  reason: string;
}

/** What a client saw after doing something. */
export type Reaction =
  | { kind: "frame"; frame: StompFrame }
  | { kind: "closed"; closed: SocketClosed }
  | { kind: "silence" };

/**
 * How long to wait for a reaction the test expects (CONNECTED, ERROR, a
 * close) before calling it silence: long, so a slow shared machine is not
 * mistaken for a broker that ignored the frame. Where silence is the
 * expected outcome, the caller passes a shorter window of its own.
 */
const REACTION_TIMEOUT_MS = 15_000;

function parseFrame(text: string): StompFrame {
  const end = text.indexOf("\n\n");
  const [command = "", ...lines] = (end === -1 ? text : text.slice(0, end)).split("\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0 && !(line.slice(0, colon) in headers)) headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return { command, headers, body: end === -1 ? "" : text.slice(end + 2).replace(/\0\n*$/, "") };
}

/** One STOMP frame as text, headers as given: nothing is escaped or corrected. */
export function stompFrame(command: string, headers: Record<string, string>, body = ""): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}:${value}`);
  return `${[command, ...lines].join("\n")}\n\n${body}\0`;
}

/**
 * STOMP over a bare WebSocket, doing exactly what the test says: the
 * attacker's tool, where stompjs would add headers, reconnect or refuse.
 */
export class RawStomp {
  private readonly frames: StompFrame[] = [];
  private readonly waiters = new Set<() => void>();
  private ended: SocketClosed | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      // A lone newline is a heart-beat.
      if (text.trim() === "") return;
      this.frames.push(parseFrame(text));
      this.wake();
    });
    socket.on("close", (code: number, reason: Buffer) => {
      this.ended = { code, reason: reason.toString("utf8") };
      this.wake();
    });
    // A refused upgrade or a reset also ends in "close", which is what the tests look at.
    socket.on("error", () => undefined);
  }

  static async open(url: string): Promise<RawStomp> {
    const socket = new WebSocket(url, ["v12.stomp"]);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => {
        resolve();
      });
      socket.once("error", reject);
    });
    return new RawStomp(socket);
  }

  /** Opens a socket and sends CONNECT with these headers; resolves with the broker's reaction. */
  static async connect(url: string, headers: Record<string, string>): Promise<{ client: RawStomp; reaction: Reaction }> {
    const client = await RawStomp.open(url);
    client.send("CONNECT", { "accept-version": "1.2", ...headers });
    return { client, reaction: await client.reaction() };
  }

  get closed(): SocketClosed | undefined {
    return this.ended;
  }

  /** Sends one frame in one WebSocket message. */
  send(command: string, headers: Record<string, string>, body = ""): void {
    this.sendText(stompFrame(command, headers, body));
  }

  /** Sends any text as one WebSocket message: a frame may span several. */
  sendText(text: string): void {
    this.socket.send(text);
  }

  /** The next frame, the socket closing, or silence after `timeoutMs` (a reaction is awaited as long as one is expected). */
  reaction(timeoutMs = REACTION_TIMEOUT_MS): Promise<Reaction> {
    return new Promise((resolve) => {
      const check = (): void => {
        const frame = this.frames.shift();
        if (frame === undefined && this.ended === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(frame === undefined ? { kind: "closed", closed: this.ended as SocketClosed } : { kind: "frame", frame });
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve({ kind: "silence" });
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A reaction in a few words, for the report table. */
export function describeReaction(reaction: Reaction): string {
  switch (reaction.kind) {
    case "frame": {
      const { command, headers, body } = reaction.frame;
      const detail = headers.message ?? headers["receipt-id"] ?? "";
      const text = body.trim();
      return [command, detail, text && text !== detail ? `(${text})` : ""].filter(Boolean).join(" ");
    }
    case "closed":
      return `socket closed ${reaction.closed.code}${reaction.closed.reason ? ` "${reaction.closed.reason}"` : ""}, no ERROR frame`;
    case "silence":
      return "no answer";
  }
}
