import type { IFrame } from "@stomp/stompjs";

/** Longer than any reason RabbitMQ gives; the rest of a body is no use on a site. */
const MAX_LENGTH = 200;

/**
 * What a STOMP ERROR frame says, for the site to show. RabbitMQ puts a
 * category in the `message` header ("Bad CONNECT") and the reason in the
 * body ("Access refused for user 'site-fr'"): the buyer needs both. Only
 * the body's first line is kept, and the whole is capped, because it ends
 * up on screen.
 */
export function brokerErrorText(frame: Pick<IFrame, "command" | "headers" | "body">): string {
  const summary = frame.headers.message?.trim() ?? "";
  const reason = frame.body.trim().split("\n", 1)[0]?.trim() ?? "";
  const parts = [summary, reason].filter((part, index, all) => part !== "" && all.indexOf(part) === index);
  const text = parts.length > 0 ? parts.join(": ") : frame.command;
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
