#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (prepare) or `npm run build`.
import('../dist/src/cli/main.js').catch((err) => {
  process.stderr.write(`ocpp-conformance: cannot start (${err.code === 'ERR_MODULE_NOT_FOUND' ? 'not built yet: run npm install or npm run build' : err.message})\n`);
  process.exit(2);
});
