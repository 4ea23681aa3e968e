import type { Country } from "@repo/contract";
import type { ChannelModel, ConfirmChannel } from "amqplib";
import { connect } from "amqplib";
import type { Outcome, Requester } from "../load/outcome.js";
import { OUTCOME_STATUSES } from "../load/outcome.js";
import { RequestLifecycle } from "../load/request-lifecycle.js";
import { echoQueue } from "./echo-queues.js";

/** The default exchange routes to the queue named by the routing key. */
const DEFAULT_EXCHANGE = "";

export interface EchoRequesterOptions {
  /** An AMQP URL whose user may publish to the echo queues (admin). */
  amqpUrl: string;
  country: Country;
  timeoutMs: number;
}

/**
 * The baseline's "browser": one amqplib connection that publishes the same
 * purchase body, persistent, on a confirm channel (the publisher confirm
 * plays the STOMP receipt) with reply-to its own exclusive server-named
 * queue, as the broker makes for a STOMP /temp-queue/, and reads the echo
 * there without acks.
 */
export class EchoRequester implements Requester {
  private readonly lifecycle: RequestLifecycle;

  private constructor(
    readonly country: Country,
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly replyTo: string,
    timeoutMs: number,
  ) {
    this.lifecycle = new RequestLifecycle(country, timeoutMs);
  }

  static async open({ amqpUrl, country, timeoutMs }: EchoRequesterOptions): Promise<EchoRequester> {
    // Without noDelay every round trip waits ~40 ms for Nagle's algorithm.
    const model = await connect(amqpUrl, { noDelay: true });
    // Listening from the start: amqplib throws an 'error' no one listens for. Until the requester exists, a failure
    // shows as the call below that rejects; after, it ends the requester.
    let requester: EchoRequester | undefined;
    model.on("error", (err: Error) => {
      requester?.lifecycle.end(`connection error: ${err.message}`);
    });
    model.on("close", () => {
      requester?.lifecycle.end("connection closed");
    });
    try {
      const channel = await model.createConfirmChannel();
      channel.on("error", (err: Error) => {
        requester?.lifecycle.end(`channel error: ${err.message}`);
      });
      const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
      requester = new EchoRequester(country, model, channel, queue, timeoutMs);
      const opened = requester;
      await channel.consume(
        queue,
        (message) => {
          const id: unknown = message?.properties.correlationId;
          if (typeof id === "string") opened.lifecycle.settle(id, OUTCOME_STATUSES.confirmed, performance.now());
        },
        { noAck: true },
      );
      return opened;
    } catch (error) {
      await model.close().catch(() => undefined);
      throw error;
    }
  }

  get inFlight(): number {
    return this.lifecycle.inFlight;
  }

  get open(): boolean {
    return this.lifecycle.open;
  }

  request(): Promise<Outcome> {
    return this.lifecycle.request((purchase) => {
      const id = purchase.orderId;
      const properties = { persistent: true, correlationId: id, replyTo: this.replyTo, contentType: "application/json" };
      this.channel.publish(DEFAULT_EXCHANGE, echoQueue(this.country), Buffer.from(JSON.stringify(purchase)), properties, (err: unknown) => {
        if (err === null || err === undefined) this.lifecycle.accepted(id, performance.now());
        else this.lifecycle.settle(id, OUTCOME_STATUSES.error, performance.now(), "publish refused");
      });
    });
  }

  async close(): Promise<void> {
    this.lifecycle.end("closed by the bench");
    await this.model.close().catch(() => undefined);
  }
}
