// Tests only: core/parallel's worker must be a built file, so the suites that start workers bundle
// worker.ts with vite into node_modules/.cache first (what vite.node.config.ts does for the CLI).
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'

const root = resolve(__dirname, '../..')

/** Bundles the worker under a fresh cache folder; `remove` deletes that folder again. */
export async function bundleParallelWorker(tag: string): Promise<{ dir: string; file: string; remove: () => void }> {
  const dir = join(root, 'node_modules', '.cache', `fw-${tag}-${process.pid}-${Date.now()}`)
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(root, 'core/parallel/worker.ts'), outDir: dir, emptyOutDir: false, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: 'parallel-worker.mjs' } } }
  })
  return { dir, file: join(dir, 'parallel-worker.mjs'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
