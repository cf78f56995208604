// `npm run web`: the workbench in a browser, for machines without Electron. Serves the built
// renderer (out/renderer) and the same handlers as Electron's main on 127.0.0.1 only, and prints
// the page's URL with its per-launch token. Runs under plain Node.
//   FW_DB     database file (default: the CLI's, see core/store/paths.ts)
//   FW_PORT   port (default: any free one; a port in use is replaced by a free one)
//   FW_SAMPLES  folder of sample CSVs (default: resources/samples)
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveDbPath, upgradedWords } from '../../core/store'
import { nodeFork } from '../../core/services/node-fork'
import { enableRelaxedSimd } from '../../core/services/wasm-features'
import { createBackend } from './backend'
import { startWebServer } from './server'
import type { WebServer } from './server'
import { launchFailure, webArgs } from './launch'

/** The package root: out/node/web.js is two levels down. */
function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

async function main(): Promise<void> {
  // Electron's kernels (relaxed SIMD, FMA), which its trainer and fw switch on too: a forecast past
  // the end, an explanation or an export rebuilt here gives the numbers the desktop app and fw give
  enableRelaxedSimd()
  const root = appRoot()
  const renderer = join(root, 'out', 'renderer')
  const trainer = join(root, 'out', 'main', 'trainer.js')
  const exportWorker = join(root, 'out', 'main', 'export-worker.js')
  for (const f of [join(renderer, 'index.html'), trainer, exportWorker]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`)
  }
  let server: WebServer | null = null
  const backend = createBackend({
    dbPath: resolveDbPath(undefined),
    samplesDir: process.env['FW_SAMPLES'] ?? join(root, 'resources', 'samples'),
    trainerPath: trainer,
    exportWorker,
    fork: (path) => nodeFork(path),
    mode: 'web',
    broadcast: (msg) => server?.broadcast(msg),
    broadcastBacktest: (msg) => server?.broadcastBacktest(msg)
  })
  const port = process.env['FW_PORT'] ? Number(process.env['FW_PORT']) : 0
  const start = (p: number) => startWebServer({ dispatcher: backend.dispatcher, root: resolve(renderer), port: p })
  server = await start(port).catch((e: NodeJS.ErrnoException) => {
    if (port === 0 || e.code !== 'EADDRINUSE') throw e
    console.log(`port ${port} is in use; taking a free one instead`)
    return start(0)
  })
  console.log(`Forecast Workbench (browser mode) on ${server.url}`)
  console.log(`database: ${backend.store.file}${backend.store.readonly ? ` (read-only: ${backend.store.readonlyReason ?? 'cannot be written'}; runs can be viewed and exported, nothing new is saved)` : ''}`)
  if (backend.store.upgraded) console.log(`note: ${upgradedWords(backend.store.file, backend.store.upgraded)}`)
  const stop = async () => {
    await server?.close()
    await backend.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

const args = webArgs(process.argv.slice(2), resolveDbPath(undefined))
if ('exit' in args) {
  if (args.stdout) process.stdout.write(args.stdout)
  if (args.stderr) process.stderr.write(args.stderr)
  process.exit(args.exit)
}
main().catch((e) => {
  console.error(launchFailure(e, resolveDbPath(undefined)))
  process.exit(1)
})
