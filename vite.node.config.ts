// Node entries built from the same TypeScript as the app: the benchmark and the headless CLI.
// SSR mode externalises node_modules (better-sqlite3, @tensorflow/*) and Node built-ins, so they
// are loaded from node_modules at run time instead of being bundled.
import { existsSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

const r = (p: string) => resolve(import.meta.dirname, p)

// The CLI entry joins as soon as core/cli/index.ts exists, so this build never breaks on a missing file.
const input: Record<string, string> = { bench: r('bench/index.ts') }
if (existsSync(r('core/cli/index.ts'))) input.cli = r('core/cli/index.ts')
input.web = r('electron/web/index.ts') // browser mode (npm run web)
input['parallel-worker'] = r('core/parallel/worker.ts') // core/parallel's worker_threads entry
input['import-part-thread'] = r('core/cli/import-part-thread.ts') // the CLI's two-part import (core/cli/import-parts.ts)

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input,
      external: [/^node:/, ...builtinModules, /^@tensorflow\//, 'better-sqlite3', 'wabt'],
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' }
    }
  }
})
