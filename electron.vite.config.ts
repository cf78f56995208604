import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const r = (p: string) => resolve(__dirname, p)

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // The trainer is a second entry of the main build so that Electron's utilityProcess.fork
        // and Node's child_process.fork start the very same file (out/main/trainer.js). The
        // trainer's worker_threads entry (core/parallel) lands beside it: out/main/parallel-worker.js,
        // and so does main's export thread (core/services/export-runner.ts): out/main/export-worker.js.
        input: { index: r('electron/main/index.ts'), trainer: r('electron/trainer/index.ts'), 'parallel-worker': r('core/parallel/worker.ts'), 'export-worker': r('core/services/export-worker.ts') }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: r('electron/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: r('renderer'),
    plugins: [vue()],
    build: {
      outDir: r('out/renderer'),
      rolldownOptions: { input: { index: r('renderer/index.html') } }
    }
  }
})
