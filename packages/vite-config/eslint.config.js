import { node } from "@repo/eslint-config/node";

export default node(import.meta.dirname);
