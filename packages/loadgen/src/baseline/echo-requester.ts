import type { Country } from "@repo/contract";
import type { ChannelModel, ConfirmChannel } from "amqplib";
import { connect } from "amqplib";
import type { Outcome, Requester } from "../load/outcome.js";
import { benchPurchase, failedAtOnce, OUTCOME_STATUSES } from "../load/outcome.js";
import { PendingRequests } from "../load/pending-requests.js";
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
  private readonly pending: PendingRequests;
  private closedBecause: string | undefined;

  private constructor(
    readonly country: Country,
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly replyTo: string,
    timeoutMs: number,
  ) {
    this.pending = new PendingRequests(country, timeoutMs);
  }

  static async open({ amqpUrl, country, timeoutMs }: EchoRequesterOptions): Promise<EchoRequester> {
    // Without noDelay every round trip waits ~40 ms for Nagle's algorithm.
    const model = await connect(amqpUrl, { noDelay: true });
    try {
      const channel = await model.createConfirmChannel();
      const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
      const requester = new EchoRequester(country, model, channel, queue, timeoutMs);
      model.on("error", (err: Error) => {
        requester.end(`connection error: ${err.message}`);
      });
      model.on("close", () => {
        requester.end("connection closed");
      });
      channel.on("error", (err: Error) => {
        requester.end(`channel error: ${err.message}`);
      });
      await channel.consume(
        queue,
        (message) => {
          const id: unknown = message?.properties.correlationId;
          if (typeof id === "string") requester.pending.settle(id, OUTCOME_STATUSES.confirmed, performance.now());
        },
        { noAck: true },
      );
      return requester;
    } catch (error) {
      await model.close().catch(() => undefined);
      throw error;
    }
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get open(): boolean {
    return this.closedBecause === undefined;
  }

  request(): Promise<Outcome> {
    if (this.closedBecause !== undefined) return failedAtOnce(this.country, this.closedBecause);
    const sentAt = performance.now();
    const purchase = benchPurchase(this.country);
    const id = purchase.orderId;
    const outcome = this.pending.add(id, sentAt);
    const properties = { persistent: true, correlationId: id, replyTo: this.replyTo, contentType: "application/json" };
    this.channel.publish(DEFAULT_EXCHANGE, echoQueue(this.country), Buffer.from(JSON.stringify(purchase)), properties, (err: unknown) => {
      if (err === null || err === undefined) this.pending.accepted(id, performance.now());
      else this.pending.settle(id, OUTCOME_STATUSES.error, performance.now(), "publish refused");
    });
    return outcome;
  }

  async close(): Promise<void> {
    this.end("closed by the bench");
    await this.model.close().catch(() => undefined);
  }

  private end(reason: string): void {
    this.closedBecause ??= reason;
    this.pending.failAll(reason, performance.now());
  }
}
