import type { ChannelModel, ConfirmChannel } from "amqplib";
import { connect } from "amqplib";

/** What the broker made of one attempt. */
export type AttemptOutcome = { allowed: true } | { allowed: false; refusal: string };

/** "403 (ACCESS-REFUSED)" out of amqplib's channel-closed message, or the whole message. */
function refusalOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /\d{3} \([A-Z-]+\)/.exec(message)?.[0] ?? message;
}

/**
 * A public site login used over AMQP 0-9-1 instead of Web-STOMP, as anyone
 * who reads it out of a site's bundle can. Each attempt gets a channel of its
 * own, since a refusal closes the channel it happened on.
 */
export class AmqpAttacker {
  private constructor(private readonly connection: ChannelModel) {}

  static async connect(url: string): Promise<AmqpAttacker> {
    const connection = await connect(url, { noDelay: true });
    connection.on("error", () => undefined);
    return new AmqpAttacker(connection);
  }

  /** Runs `attack` on a fresh confirm channel; a publish counts as done once confirmed. */
  async attempt(attack: (channel: ConfirmChannel) => Promise<unknown>): Promise<AttemptOutcome> {
    const channel = await this.connection.createConfirmChannel();
    // The broker's reason comes with the channel's "error"; pending calls only learn that it closed.
    let reason: unknown;
    channel.on("error", (error: unknown) => {
      reason = error;
    });
    const closed = new Promise((resolve) => channel.once("close", resolve));
    try {
      await attack(channel);
      await channel.waitForConfirms();
    } catch (error) {
      await closed;
      return { allowed: false, refusal: refusalOf(reason ?? error) };
    }
    await channel.close();
    return { allowed: true };
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
