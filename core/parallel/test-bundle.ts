// Tests only: a worker thread's entry must be a built file, so the suites that start workers bundle
// it (core/parallel/worker.ts, core/services/export-worker.ts) with vite into node_modules/.cache first (what vite.node.config.ts does for the CLI).
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'

const root = resolve(__dirname, '../..')

/** Bundles the worker under a fresh cache folder; `remove` deletes that folder again. */
export async function bundleParallelWorker(tag: string): Promise<{ dir: string; file: string; remove: () => void }> {
  return bundleWorker(tag, 'core/parallel/worker.ts', 'parallel-worker.mjs')
}

/** Bundles the worker-thread entry `entry` (relative to the repository) as `name` under a fresh
 *  cache folder (or into `into`: beside another bundle, as the build puts parallel-worker.js beside
 *  the trainer): core/parallel's, or main's export worker (core/services/export-worker.ts). */
export async function bundleWorker(tag: string, entry: string, name: string, into?: string): Promise<{ dir: string; file: string; remove: () => void }> {
  const dir = into ?? join(root, 'node_modules', '.cache', `fw-${tag}-${process.pid}-${Date.now()}`)
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(root, entry), outDir: dir, emptyOutDir: false, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: name } } }
  })
  return { dir, file: join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
