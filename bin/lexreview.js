#!/usr/bin/env node
// The `lexreview` command: the bundled CLI (run `npm run build` first in a source checkout).
require('../dist/cli.js');
