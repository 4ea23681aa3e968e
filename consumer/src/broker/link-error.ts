/**
 * A failure of the consumer's own handling of a broker connection, as
 * opposed to the broker's refusal, whose AMQP reply code amqplib gives
 * in `code` as a number.
 */
export class LinkError extends Error {
  override readonly name = "LinkError";

  constructor(
    readonly code:
      | "ERR_LINK_SHUTTING_DOWN"
      | "ERR_LINK_CLOSED_BEFORE_READY"
      | "ERR_LINK_CLOSE_UNANSWERED"
      | "ERR_LINK_REPLY_UNCONFIRMED",
    message: string,
  ) {
    super(message);
  }
}
