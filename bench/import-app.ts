// The app's own import of the bench's file (1M rows x 10 columns; 100k with --quick), in Debian's chromium: the built app
// in browser mode (out/node/web.js), the file dropped on the Data view, and the time the Data view
// reports ("read in X s": the import worker's read, in two parts for a file of 8 MiB or more, and
// the view's summary), `runs` times, each in a freshly loaded page whose workers have warmed up.
// Optional, as a peer: skipped with a message without chromium, playwright-core or a build.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWebServer } from '../scripts/web-server.mjs'

/** What the page function reads of the page's global scope. */
interface PageGlobal { document: { querySelector(sel: string): { textContent: string | null } | null } }

export interface AppImport { runs: number[]; toDataView: number[]; median: number; min: number; max: number }

/** null, with the reason logged, when it cannot run here. */
export async function appImport(root: string, csv: string, rows: number, runs: number, log: (s: string) => void): Promise<AppImport | null> {
  const chromiumPath = process.env['FW_CHROMIUM'] ?? '/usr/bin/chromium'
  const skip = (why: string) => (log(`the app's import in chromium: skipped (${why})`), null)
  if (!existsSync(chromiumPath)) return skip(`no chromium at ${chromiumPath}; apt-get install -y chromium, or set FW_CHROMIUM`)
  for (const f of ['out/renderer/index.html', 'out/main/trainer.js', 'out/node/web.js'])
    if (!existsSync(join(root, f))) return skip(`${f} is missing: run npm run build first`)
  let chromium: typeof import('playwright-core').chromium
  try {
    chromium = (await import('playwright-core')).chromium
  } catch {
    return skip('playwright-core is not installed')
  }
  const work = mkdtempSync(join(tmpdir(), 'fw-bench-app-import-'))
  let server: Awaited<ReturnType<typeof startWebServer>> | null = null
  try {
    server = await startWebServer(root, join(work, 'runs.db'))
    const { url } = server
    const context = await chromium.launchPersistentContext(join(work, 'chromium'), { executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
    try {
      const page = await context.newPage()
      const seconds: number[] = []
      const toView: number[] = []
      for (let k = 0; k < runs; k++) {
        await page.goto(url)
        await page.waitForSelector('[data-testid=file-input]', { state: 'attached' })
        await page.waitForTimeout(1500) // the import workers start and warm up with the page
        const t0 = performance.now()
        await page.setInputFiles('[data-testid=file-input]', csv)
        // runs in the page (the app's CSP refuses a string to evaluate); this file is typed for node
        await page.waitForFunction((want) => (globalThis as unknown as PageGlobal).document.querySelector('.kpi b')?.textContent === want, rows.toLocaleString('en-US'), { timeout: 120_000 })
        toView.push((performance.now() - t0) / 1000)
        const read = /read in ([\d.]+) s/.exec(await page.innerText('main'))
        if (!read) throw new Error('the Data view does not say how long the file took to read')
        seconds.push(Number(read[1]))
      }
      const sorted = [...seconds].sort((a, b) => a - b)
      return { runs: seconds, toDataView: toView.map((s) => +s.toFixed(3)), median: sorted[sorted.length >> 1]!, min: sorted[0]!, max: sorted[sorted.length - 1]! }
    } finally {
      await context.close()
    }
  } finally {
    server?.child.kill('SIGTERM')
    rmSync(work, { recursive: true, force: true })
  }
}
