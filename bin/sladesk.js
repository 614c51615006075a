#!/usr/bin/env node
// The `sladesk` command: runs the compiled server (npm run build:server makes dist/).
import '../dist/src/main.js'
