import type { Channel, ConsumeMessage } from "amqplib";
import { connect } from "amqplib";
import { ECHO_QUEUES } from "./echo-queues.js";

/*
 * The baseline's consumer, run as its own process like the real one: the
 * same shape of work with nothing of ours in it. One channel per queue with
 * prefetch 1; each message is answered on a shared confirm channel to its
 * reply-to, non-persistent as the consumer's replies are, and acked once the
 * broker confirmed the answer. No parsing, no database, no logging.
 *
 * Reads ECHO_AMQP_URL; prints "ready" on stdout once every queue is consumed.
 */

const DEFAULT_EXCHANGE = "";

async function main(): Promise<void> {
  const url = process.env.ECHO_AMQP_URL;
  if (url === undefined) throw new Error("ECHO_AMQP_URL is not set");
  const model = await connect(url, { noDelay: true });
  let stopping = false;
  // amqplib throws an 'error' no one listens for. A broken echo must end, loudly: the bench watches for its exit.
  const die = (what: string): void => {
    process.stderr.write(`echo worker: ${what}\n`);
    process.exit(1);
  };
  model.on("error", (err: Error) => {
    die(`connection error: ${err.message}`);
  });
  model.on("close", () => {
    if (!stopping) die("the broker closed the connection");
  });
  const replies = await model.createConfirmChannel();
  replies.on("error", (err: Error) => {
    die(`reply channel error: ${err.message}`);
  });

  const echo = (channel: Channel, message: ConsumeMessage | null): void => {
    if (message === null) return;
    const { replyTo, correlationId } = message.properties as { replyTo?: string; correlationId?: string };
    if (replyTo === undefined) {
      channel.nack(message, false, false);
      return;
    }
    replies.publish(DEFAULT_EXCHANGE, replyTo, message.content, { correlationId, persistent: false }, (err: unknown) => {
      if (err === null || err === undefined) channel.ack(message);
      else channel.nack(message, false, true);
    });
  };

  for (const queue of ECHO_QUEUES) {
    const channel = await model.createChannel();
    channel.on("error", (err: Error) => {
      die(`${queue} channel error: ${err.message}`);
    });
    await channel.prefetch(1);
    await channel.consume(queue, (message) => {
      echo(channel, message);
    });
  }
  process.stdout.write("ready\n");

  const stop = (): void => {
    stopping = true;
    model.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`echo worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
