#!/usr/bin/env node
// npm run mutate [-- STRYKER OPTIONS]: StrykerJS over the folders in stryker.config.mjs (incremental),
// then the score per folder and the survivors in reports/mutation/summary.md. Not part of CI.
// Examples: npm run mutate -- --mutate core/data/metrics.ts,core/data/conformal.ts
//           npm run mutate -- --force          (ignore the incremental file: test every mutant)
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../node_modules/@stryker-mutator/core/bin/stryker.js', import.meta.url))
const run = spawnSync(process.execPath, [bin, 'run', ...process.argv.slice(2)], { stdio: 'inherit' })
if (run.status !== 0) process.exit(run.status ?? 1)
const summary = spawnSync(process.execPath, [fileURLToPath(new URL('./mutation-summary.mjs', import.meta.url))], { stdio: 'inherit' })
process.exit(summary.status ?? 1)
