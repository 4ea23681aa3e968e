import { pino } from "pino";

/**
 * The service's one logger: JSON lines on stdout (`pnpm dev` pipes them
 * through pino-pretty). Modules take a child named after themselves; the
 * composition sets the level from the config, and children follow it.
 */
export const logger = pino({ name: "consumer", level: "info" });
