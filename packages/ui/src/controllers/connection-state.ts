/** Where a site's broker connection stands, as shown by the badge and its `data-state`. */
export const CONNECTION_STATES = {
  /** First attempt under way. */
  connecting: "connecting",
  /** Connected: buying works. */
  online: "online",
  /** The connection was lost; trying again. */
  reconnecting: "reconnecting",
  /** Never reached the broker yet (retrying in the background), or stopped. */
  offline: "offline",
} as const;

export type ConnectionState = (typeof CONNECTION_STATES)[keyof typeof CONNECTION_STATES];
