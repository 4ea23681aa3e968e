import type { AddressInfo, Socket } from "node:net";
import { connect, createServer } from "node:net";

/** One client connection through the proxy. */
interface Pipe {
  client: Socket;
  upstream: Socket;
  /** The client's first bytes: the AMQP handshake, whose start-ok carries the connection's name. */
  opening: Buffer;
  frozen: boolean;
}

/** How much of each client's first bytes to keep: the start-ok comes within the first few hundred. */
const OPENING_BYTES = 4096;

/**
 * A TCP proxy in front of the broker's AMQP port that can freeze a
 * connection: from then on it forwards nothing either way and closes
 * nothing, so the client is left with a half-open connection, as when a
 * network path dies without a FIN or an RST. The client's writes succeed,
 * and nothing ever comes back.
 */
export class FreezingProxy {
  private readonly pipes = new Set<Pipe>();
  private readonly server = createServer((client) => {
    this.pipe(client);
  });

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(targetPort: number): Promise<FreezingProxy> {
    const proxy = new FreezingProxy({ host: "127.0.0.1", port: targetPort });
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The URL with its host and port pointing at the proxy. */
  urlThrough(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String((this.server.address() as AddressInfo).port);
    return parsed.toString();
  }

  /** Freezes every open connection whose handshake names `marker` (in its connection_name); returns how many. */
  freeze(marker: string): number {
    let frozen = 0;
    for (const pipe of this.pipes) {
      if (pipe.client.destroyed || !pipe.opening.includes(marker)) continue;
      pipe.frozen = true;
      frozen += 1;
    }
    return frozen;
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pipes) {
      client.destroy();
      upstream.destroy();
    }
    this.pipes.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    const pipe: Pipe = { client, upstream, opening: Buffer.alloc(0), frozen: false };
    this.pipes.add(pipe);
    client.on("data", (chunk: Buffer) => {
      if (pipe.opening.length < OPENING_BYTES) pipe.opening = Buffer.concat([pipe.opening, chunk]);
      if (!pipe.frozen) upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!pipe.frozen) client.write(chunk);
    });
    // Either end closing closes the other, unless frozen: then the client must never learn of it.
    const end = (): void => {
      if (pipe.frozen) return;
      client.destroy();
      upstream.destroy();
      this.pipes.delete(pipe);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", () => undefined);
    upstream.on("error", () => undefined);
  }
}
