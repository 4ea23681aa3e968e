import type { Channel, ChannelModel } from "amqplib";
import { connect } from "amqplib";

/**
 * Ready-message counts of queues, read with a passive declare on an admin
 * AMQP connection. The management API would do, but its figures are
 * refreshed only every 5 s, too coarse for phases of a few seconds.
 */
export class QueueDepths {
  /** Settles when the connection closes, for whatever reason: the broker stopping, or `close`. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly model: ChannelModel,
    private channel: Channel,
  ) {
    this.closed = new Promise((resolve) => {
      model.once("close", () => {
        resolve();
      });
    });
  }

  static async open(amqpUrl: string): Promise<QueueDepths> {
    const model = await connect(amqpUrl, { noDelay: true });
    model.on("error", () => undefined);
    const channel = await model.createChannel();
    channel.on("error", () => undefined);
    return new QueueDepths(model, channel);
  }

  /** The connection's channel, for declaring the bench's own queues. */
  get adminChannel(): Channel {
    return this.channel;
  }

  /** Messages waiting in each queue; a queue that cannot be read counts as -1. */
  async read(queues: readonly string[]): Promise<Record<string, number>> {
    const depths: Record<string, number> = {};
    for (const queue of queues) {
      try {
        depths[queue] = (await this.channel.checkQueue(queue)).messageCount;
      } catch {
        // A failed passive declare closes the channel: open another for the next queue.
        depths[queue] = -1;
        this.channel = await this.model.createChannel();
        this.channel.on("error", () => undefined);
      }
    }
    return depths;
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}
