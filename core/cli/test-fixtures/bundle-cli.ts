import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { build } from 'vite'

/**
 * Bundles the real CLI (core/cli/index.ts, as vite.node.config.ts does for out/node/cli.js) into
 * one ES module under node_modules/.cache, so that the signal and kill tests run `node cli.js` in
 * real child processes, from this checkout's source rather than from whatever out/ holds, and
 * without a TypeScript loader per child. Packages stay external and resolve from node_modules.
 * `fw`: laid out as the package is, out/node/cli.js beside a copy of bin/fw.js, the entry that
 * `npx fw` and `npm run cli` run, returned as `fw`.
 */
export async function bundleCli(o: { fw?: boolean } = {}): Promise<{ cli: string; fw?: string; remove: () => void }> {
  const root = path.resolve(import.meta.dirname, '../../..')
  const base = path.join(root, 'node_modules', '.cache', `fw-cli-test-${process.pid}-${Math.random().toString(36).slice(2)}`)
  const outDir = o.fw ? path.join(base, 'out', 'node') : base
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
  const cli = path.join(outDir, 'cli.js')
  const remove = (): void => rmSync(base, { recursive: true, force: true })
  if (!o.fw) return { cli, remove }
  const fw = path.join(base, 'bin', 'fw.js')
  mkdirSync(path.dirname(fw), { recursive: true })
  copyFileSync(path.join(root, 'bin', 'fw.js'), fw)
  return { cli, fw, remove }
}
