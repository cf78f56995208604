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
const { main, processOutputs } = await import(pathToFileURL(cli).href)
// a reader that stops early (`fw runs | head -1`): fw stops quietly, training goes on unread (core/cli/index.ts)
const { stdout, stderr } = processOutputs(process.argv[2])
// true: Ctrl-C and SIGTERM stop training after the current batch (core/cli/stop.ts)
process.exitCode = await main(process.argv.slice(2), stdout, stderr, true)
