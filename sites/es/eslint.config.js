import { litConfig } from "@repo/eslint-config/lit";

export default litConfig(import.meta.dirname);
