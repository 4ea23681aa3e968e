/**
 * Whether a value is a timestamp exactly as `Date.prototype.toISOString`
 * writes one (`2026-11-25T17:41:03.131Z`), the only form this project
 * writes. ISO-8601 allows more (a space for the T, offsets such as `+01`,
 * days a month does not have) that `Date.parse` reads as NaN or as another
 * day, and a site computing an order's age from one would get it wrong.
 */
export function isCanonicalTimestamp(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
}
