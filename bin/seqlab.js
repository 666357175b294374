#!/usr/bin/env node
// The `seqlab` command: the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
require('../dist/cli.js').runFromProcess();
