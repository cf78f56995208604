import path from 'node:path'
import { build } from 'vite'

/**
 * Bundles the real core/store (TypeScript) into one ES module that a plain `node` child process
 * can import, with better-sqlite3 left external. Fault tests kill such children, so they must run
 * the very code the app runs, and start fast (~0.1 s), which rules out a TS loader per child.
 * The bundle goes under node_modules/.cache so that its `import 'better-sqlite3'` resolves;
 * remove the returned folder afterwards.
 */
export async function bundleStore(): Promise<{ module: string; dir: string }> {
  const root = path.resolve(import.meta.dirname, '../../..')
  const outDir = path.join(root, 'node_modules', '.cache', `fw-store-test-${process.pid}-${Date.now()}`)
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: path.join(root, 'core/store/index.ts'),
      outDir,
      emptyOutDir: false,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'store.mjs' } }
    },
    ssr: { external: ['better-sqlite3'] }
  })
  return { module: path.join(outDir, 'store.mjs'), dir: outDir }
}
