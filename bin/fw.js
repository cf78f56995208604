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
// a reader that stops early (`fw runs | head -1`) closes the pipe: stop quietly, as Unix tools do
for (const s of [process.stdout, process.stderr]) s.on('error', (e) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : Promise.reject(e)))
const { main } = await import(pathToFileURL(cli).href)
const out = (s) => ({ write: (t) => void s.write(t), isTTY: Boolean(s.isTTY) })
// true: Ctrl-C and SIGTERM stop training after the current batch (core/cli/stop.ts)
process.exitCode = await main(process.argv.slice(2), out(process.stdout), out(process.stderr), true)
