import type { Channel, ChannelModel } from "amqplib";
import type { Logger } from "pino";
import type { QueueSpec, Topology } from "./topology.js";

/** Declares the topology's exchanges and queues, with their bindings, on a channel of its own. */
export async function assertTopology(model: ChannelModel, topology: Topology, linkLog: Logger): Promise<void> {
  const channel = await model.createChannel();
  channel.on("error", (err: Error) => {
    linkLog.error({ err }, "could not assert the topology");
  });
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, {
      durable: true,
      autoDelete: false,
      internal: false,
      arguments: exchange.arguments,
    });
  }
  for (const queue of topology.queues) {
    if (queue.replaceWhenDifferent === true) await assertReplaceableQueue(model, queue, linkLog);
    else await assertQueue(channel, queue);
  }
  await channel.close();
}

async function assertQueue(channel: Channel, queue: QueueSpec): Promise<void> {
  await channel.assertQueue(queue.name, { durable: true, exclusive: false, autoDelete: false, arguments: queue.arguments });
  for (const binding of queue.bindings) {
    await channel.bindQueue(queue.name, binding.exchange, binding.routingKey);
  }
}

/** Asserts a queue of nothing worth keeping; one the broker holds with other arguments is deleted and declared anew. */
async function assertReplaceableQueue(model: ChannelModel, queue: QueueSpec, linkLog: Logger): Promise<void> {
  // A mismatch closes the channel it is found on: this one is only for finding out.
  const probe = await model.createChannel();
  let refusal: Error | undefined;
  probe.on("error", (err: Error) => {
    refusal = err;
  });
  try {
    await assertQueue(probe, queue);
    await probe.close();
    return;
  } catch (error) {
    const reason = refusal ?? error;
    if (!(reason instanceof Error && reason.message.includes("PRECONDITION_FAILED"))) throw reason;
  }
  const channel = await model.createChannel();
  channel.on("error", (err: Error) => {
    linkLog.error({ err, queue: queue.name }, "could not declare the queue anew");
  });
  await channel.deleteQueue(queue.name);
  await assertQueue(channel, queue);
  await channel.close();
  linkLog.warn({ queue: queue.name, arguments: queue.arguments }, "the broker held this queue with other arguments (older definitions): declared it anew");
}
