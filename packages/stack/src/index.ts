export * from "./broker/broker-node.js";
export * from "./broker/nodes.js";
export * from "./broker/users.js";
export * from "./ports.js";
export * from "./repo-root.js";
export * from "./processes.js";
export * from "./system.js";
export * from "./teardown.js";
