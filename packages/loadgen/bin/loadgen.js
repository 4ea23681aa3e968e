#!/usr/bin/env node
// A plain-JS shim so pnpm can link the bin before `dist/` is built.
import "../dist/cli.js";
