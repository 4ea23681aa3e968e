import { logger } from "../src/logger.js";

// Tests assert on outcomes, not log lines; LOG_LEVEL=debug brings the lines back when a test needs explaining.
logger.level = process.env.LOG_LEVEL ?? "silent";
