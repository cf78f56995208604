#!/usr/bin/env node
// `npx fw …` / `npm run cli -- …`: the built CLI (npm run build makes out/node/cli.js).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'node', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('fw: the CLI is not built yet; run `npm run build` first\n')
  process.exit(1)
}
// runProcess: the app's kernels (relaxed SIMD) first, so that a run here repeats the app's to the
// last bit; then fw, Ctrl-C and SIGTERM stopping training after the current batch (core/cli/index.ts)
const { runProcess } = await import(pathToFileURL(cli).href)
if (typeof runProcess !== 'function') {
  process.stderr.write('fw: out/node/cli.js was built by an older version; run `npm run build` again\n')
  process.exit(1)
}
process.exitCode = await runProcess(process.argv.slice(2))
