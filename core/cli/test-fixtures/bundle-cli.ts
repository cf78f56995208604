import { rmSync } from 'node:fs'
import path from 'node:path'
import { build } from 'vite'

/**
 * Bundles the real CLI (core/cli/index.ts, as vite.node.config.ts does for out/node/cli.js) into
 * one ES module under node_modules/.cache, so that the signal and kill tests run `node cli.js` in
 * real child processes, from this checkout's source rather than from whatever out/ holds, and
 * without a TypeScript loader per child. Packages stay external and resolve from node_modules.
 */
export async function bundleCli(): Promise<{ cli: string; remove: () => void }> {
  const root = path.resolve(import.meta.dirname, '../../..')
  const outDir = path.join(root, 'node_modules', '.cache', `fw-cli-test-${process.pid}-${Math.random().toString(36).slice(2)}`)
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: path.join(root, 'core/cli/index.ts'),
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      // the entry runs main() only when the file is called cli.js
      rollupOptions: { output: { format: 'es', entryFileNames: 'cli.js', chunkFileNames: '[name]-[hash].js' } }
    }
  })
  return { cli: path.join(outDir, 'cli.js'), remove: () => rmSync(outDir, { recursive: true, force: true }) }
}
