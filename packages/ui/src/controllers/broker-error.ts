import type { IFrame } from "@stomp/stompjs";

/** Longer than any reason RabbitMQ gives; the rest of a body is no use on a site. */
const MAX_LENGTH = 200;

/**
 * What an ERROR frame means for the buyer. `refused`: the broker turned the
 * site's login away (RabbitMQ's "Bad CONNECT" with "Access refused for user
 * 'site-fr'"), or refused it access to something ("ACCESS_REFUSED - …",
 * "Virtual host … access denied"): nothing the buyer can change, and it
 * lasts until an operator sets it right. `closed`: any other reason.
 */
const BROKER_ERROR_KINDS = {
  refused: "refused",
  closed: "closed",
} as const;

export type BrokerErrorKind = (typeof BROKER_ERROR_KINDS)[keyof typeof BROKER_ERROR_KINDS];

/** Why the broker closed the connection, as the site shows it: what it means, and the broker's own words. */
export interface BrokerError {
  readonly kind: BrokerErrorKind;
  /** The broker's category and reason, in its English: "Bad CONNECT: Access refused for user 'site-fr'". */
  readonly words: string;
}

/** RabbitMQ's words for a refusal: STOMP's "Access refused for user …", AMQP's "ACCESS_REFUSED - …", "… access denied". */
const REFUSAL = /\baccess[ _](?:refused|denied)\b/i;

/**
 * What a STOMP ERROR frame says, for the site to show. RabbitMQ puts a
 * category in the `message` header ("Bad CONNECT") and the reason in the
 * body ("Access refused for user 'site-fr'"): whoever reads the broker's
 * words needs both. Only the body's first line is kept, and the whole is
 * capped, because it ends up on screen. The kind is judged on the whole
 * first line, before the cap.
 */
export function brokerError(frame: Pick<IFrame, "command" | "headers" | "body">): BrokerError {
  const summary = frame.headers.message?.trim() ?? "";
  const reason = frame.body.trim().split("\n", 1)[0]?.trim() ?? "";
  const parts = [summary, reason].filter((part, index, all) => part !== "" && all.indexOf(part) === index);
  const text = parts.length > 0 ? parts.join(": ") : frame.command;
  return {
    kind: parts.some((part) => REFUSAL.test(part)) ? BROKER_ERROR_KINDS.refused : BROKER_ERROR_KINDS.closed,
    words: text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text,
  };
}
