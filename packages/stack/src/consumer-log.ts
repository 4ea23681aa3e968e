const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** Fields pino adds to every line; the rest of a line is what the consumer chose to say. */
const PINO_FIELDS = new Set(["level", "time", "pid", "hostname", "msg", "module", "name"]);

/**
 * One pino JSON line as a short human line for the `pnpm start` terminal,
 * e.g. `17:41:03 info  order processed orderId=… country=fr status=confirmed`.
 * Lines that are not JSON pass through unchanged.
 */
export function formatConsumerLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === "number" ? new Date(entry.time).toTimeString().slice(0, 8) : "";
  const level = (typeof entry.level === "number" ? LEVELS[entry.level] : undefined) ?? "info";
  const fields = Object.entries(entry)
    .filter(([key]) => !PINO_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return [time, level.padEnd(5), typeof entry.msg === "string" ? entry.msg : "", ...fields].filter((part) => part !== "").join(" ");
}
