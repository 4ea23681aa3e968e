// The parts of @repo/ui that run without a DOM: the controller, and the outbox's storage format.
// Node drives the controller as simulated sites (packages/chaos), so the browser's delivery rules are the ones under
// test; the end-to-end tests (packages/e2e) leave orders in a page's storage as an earlier visit would have.
// Only what those use, and the types they name.
export type { BrokerError, BrokerErrorKind } from "./controllers/broker-error.js";
export type { ConnectionState } from "./controllers/connection-state.js";
export { CONNECTION_STATES } from "./controllers/connection-state.js";
export type { TicketsControllerOptions } from "./controllers/tickets-controller.js";
export { TicketsController } from "./controllers/tickets-controller.js";
export type { Order, OrderStats, OrderStatus } from "./orders/order-book.js";
export { isAnswered } from "./orders/order-book.js";
export type { StoredOutboxEntry } from "./orders/outbox-entry.js";
export { serializeOutboxEntry } from "./orders/outbox-entry.js";
export type { OutboxStorage } from "./orders/outbox-storage.js";
export { memoryOutboxStorage, outboxEntryKey, outboxKeyPrefix } from "./orders/outbox-storage.js";
export type { RushProgress } from "./orders/rush.js";
export { DEFAULT_RUSH_SIZE, DEFAULT_RUSH_WINDOW } from "./orders/rush.js";
