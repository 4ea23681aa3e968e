import type { Country, Purchase } from "@repo/contract";
import { isCanonicalTimestamp, isPurchase } from "@repo/contract";
import type { GivenUpStatus } from "./order-book.js";
import { isGivenUp } from "./order-book.js";

/**
 * An order as the outbox keeps it, and the form it is stored in: one JSON
 * object per order. Storage is the user's to edit and outlives every
 * version of the site, so what is read back is checked, and entries older
 * versions wrote still load.
 */

/** What the outbox keeps of an order, so a reload can send it again. */
export interface OutboxEntry {
  /** The purchase exactly as it is (re-)sent. */
  readonly purchase: Purchase;
  /** Whether a rush placed it. The page that ran the rush tells its outcome with the rush's; after a reload it is told in a batch with the rest of that rush's. */
  readonly rush: boolean;
  /**
   * Whether the site ever published it, so the broker may have it: then it
   * is resent at any age. Entries stored without it (by sites that did not
   * record it) read as true: they may have reached the broker.
   */
  readonly published: boolean;
  /** When the buyer last asked for it again (Try again, Send anyway), ISO-8601; its age counts from then. Absent until they do. */
  readonly askedAt?: string;
  /** The given-up statuses (timed out, busy) the buyer has been told of, so a reload does not tell them again. Absent until one is. */
  readonly told?: readonly GivenUpStatus[];
  /**
   * The order expired: it is no longer owed, and no page load restores it.
   * The entry stays as a tombstone (see `PARKED_RETENTION_MS`) until
   * the buyer sends it anyway, which stores it afresh. Absent otherwise.
   */
  readonly expired?: true;
  /**
   * The consumer answered the order `processing_failed` (`isUnprocessed`):
   * every page load shows it so, with its Try again, and none sends it
   * unasked. The entry stays until the buyer's Try again stores it afresh,
   * or until the retention after the last ask is over. Absent otherwise.
   */
  readonly unprocessed?: true;
  /** When an unprocessed entry was parked (its `processing_failed` answer came), ISO-8601; its retention counts from the later of this and the last ask. Absent otherwise. */
  readonly parkedAt?: string;
  /**
   * The tab that last kept it (the name of its Web Lock, `ClosedTabWatch`):
   * when that tab closes, the site's other open tabs adopt the entry, and
   * no other. Absent where the page has no Web Locks, and in entries older
   * sites wrote: a reload still adopts those.
   */
  readonly keeper?: string;
}

/**
 * Whether no page load sends the entry's order unasked: it expired (a
 * tombstone) or the consumer could not process it (`unprocessed`). Only the
 * buyer's Send anyway or Try again sends it, and stores it afresh; until
 * then it is kept for `PARKED_RETENTION_MS` after the last ask.
 */
export function isParked(entry: OutboxEntry): boolean {
  return entry.expired === true || entry.unprocessed === true;
}

/**
 * An entry as storage may hold it: one written before sites recorded
 * `published` (an earlier version of this project; a migration, not part of
 * the pattern) has none, and reads as published.
 */
export type StoredOutboxEntry = Omit<OutboxEntry, "published"> & Partial<Pick<OutboxEntry, "published">>;

/** One kept order as stored: each order has its own storage entry. */
export function serializeOutboxEntry(entry: StoredOutboxEntry): string {
  return JSON.stringify(entry);
}

/** Orders as sites once kept their whole outbox, in one list: what is left of one that could not all move to entries of their own. */
export function serializeOutboxList(entries: readonly StoredOutboxEntry[]): string {
  return JSON.stringify(entries);
}

/**
 * What a stored entry says the buyer was told, or nothing. Unlike the rest
 * of an entry, a malformed value does not discard the order: it only
 * decides whether an "unconfirmed" or "busy" is announced again, and an
 * owed order must not be lost over that.
 */
function toldOf(value: unknown): { told?: readonly GivenUpStatus[] } {
  if (!Array.isArray(value) || value.length === 0) return {};
  const told = value.filter(isGivenUp);
  return told.length === value.length ? { told: [...new Set(told)] } : {};
}

/**
 * A stored order as the outbox keeps it, or undefined. Entries stored by
 * sites that did not record `published` read as published: such a site may
 * well have sent them, and resending one at worst fetches its outcome,
 * while expiring it could hide a sale.
 */
function toEntry(value: unknown, country: Country): OutboxEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { purchase, rush, published = true, expired = false, unprocessed = false } = record;
  if (!isPurchase(purchase) || purchase.country !== country || typeof rush !== "boolean" || typeof published !== "boolean") return undefined;
  // Only an order never sent expires, and only one sent is answered: an entry saying otherwise is not one the site wrote.
  if (typeof expired !== "boolean" || typeof unprocessed !== "boolean" || (expired && published) || (unprocessed && !published)) return undefined;
  // Like `told`, an unreadable parking time does not discard the order: it only decides how long an unprocessed one is kept.
  const parkedAt = unprocessed && isCanonicalTimestamp(record.parkedAt) ? { parkedAt: record.parkedAt } : {};
  // Like `told`, an unreadable keeper does not discard the order: the entry is then only adopted on a reload.
  const keeper = typeof record.keeper === "string" ? { keeper: record.keeper } : {};
  const rest = { ...toldOf(record.told), ...(expired ? { expired: true as const } : {}), ...(unprocessed ? { unprocessed: true as const } : {}), ...parkedAt, ...keeper };
  if (!("askedAt" in record)) return { purchase, rush, published, ...rest };
  const { askedAt } = record;
  return isCanonicalTimestamp(askedAt) ? { purchase, rush, published, askedAt, ...rest } : undefined;
}

/**
 * Reads one stored order. Storage is the user's to edit, so it is
 * untrusted: anything that is not a well-formed purchase of this site's
 * country reads as nothing (a purchase the consumer would refuse is no use
 * resending).
 */
export function parseOutboxEntry(text: string | null, country: Country): OutboxEntry | undefined {
  return toEntry(parseJson(text), country);
}

/**
 * Reads a whole outbox stored as one list, as sites did before each order
 * had its own entry, so an outbox from then is not lost. Entries that are
 * not well-formed purchases of this site are dropped; anything unreadable
 * counts as an empty outbox.
 */
export function parseOutboxList(text: string | null, country: Country): OutboxEntry[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.map((entry) => toEntry(entry, country)).filter((entry) => entry !== undefined);
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
