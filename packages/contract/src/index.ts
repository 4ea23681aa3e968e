export * from "./countries.js";
export * from "./topology.js";
export * from "./purchase.js";
export * from "./confirmation.js";
export * from "./inventory.js";
export * from "./timestamp.js";
