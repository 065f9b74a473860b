#!/usr/bin/env node
// The `fastify-error-catalogue` bin: everything it does is in ./main.ts, where tests call it in-process.
import { run } from './main.js'

process.exitCode = await run(process.argv.slice(2))
