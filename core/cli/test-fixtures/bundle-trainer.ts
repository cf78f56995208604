import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'

/**
 * Bundles the real trainer and parallel worker (electron/trainer/index.ts, core/parallel/worker.ts)
 * from this checkout's source under node_modules/.cache, for the tests that run fw sweep in
 * process: FW_TRAINER and FW_PARALLEL_WORKER point at them until `restore` puts back what they were.
 */
export async function bundleTrainer(name: string): Promise<{ restore: () => void }> {
  const root = resolve(import.meta.dirname, '../../..')
  const built = join(root, 'node_modules', '.cache', `${name}-${process.pid}-${Date.now()}`)
  const env = { trainer: process.env['FW_TRAINER'], worker: process.env['FW_PARALLEL_WORKER'] }
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: true,
      outDir: built,
      emptyOutDir: false,
      minify: false,
      rollupOptions: { input: { trainer: join(root, 'electron/trainer/index.ts'), 'parallel-worker': join(root, 'core/parallel/worker.ts') }, output: { format: 'es', entryFileNames: '[name].mjs' } }
    }
  })
  process.env['FW_TRAINER'] = join(built, 'trainer.mjs')
  process.env['FW_PARALLEL_WORKER'] = join(built, 'parallel-worker.mjs')
  return {
    restore() {
      for (const [k, v] of [['FW_TRAINER', env.trainer], ['FW_PARALLEL_WORKER', env.worker]] as const) if (v === undefined) delete process.env[k]
      else process.env[k] = v
      rmSync(built, { recursive: true, force: true })
    }
  }
}
