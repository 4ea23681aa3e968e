// The parts of @repo/ui that run without a DOM: the controller, the order book and the outbox.
// Node drives them as simulated sites (packages/chaos), so the browser's delivery rules are the ones under test.
export * from "./controllers/connection-state.js";
export * from "./controllers/order-id.js";
export * from "./controllers/reconnect.js";
export * from "./controllers/tickets-controller.js";
export * from "./orders/order-book.js";
export * from "./orders/outbox.js";
export * from "./orders/outbox-storage.js";
export * from "./orders/rush.js";
export * from "./site/broker.js";
