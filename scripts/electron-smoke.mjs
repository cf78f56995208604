#!/usr/bin/env node
// The desktop window, driven end to end where Electron's binary exists (`npm run test:electron`,
// issue 17). Where it does not (no download, as on machines that cannot reach GitHub) it prints one
// line saying why and exits 0. Otherwise, with a temporary user-data folder:
//   1. builds what is missing (out/, the Electron build of better-sqlite3) and launches out/main;
//   2. File › Open CSV… (main's dialog, answered with the Seattle sample) imports it;
//   3. trains two epochs and finds the run done in the Runs view;
//   4. starts a long run, quits during training (answering "Stop and quit"), relaunches, and finds
//      the run interrupted with a Resume button.
// Screenshots of each step go to e2e-artifacts/electron-*.png. Exit 1 on any failure.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronStatus } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electron = electronStatus(root)
if (!electron.ok) {
  console.log(`electron smoke test: skipped: ${electron.reason} (\`npm run setup:electron\` fetches it).`)
  process.exit(0)
}

const step = (what) => console.log(`electron smoke test: ${what}`)
function run(args, label) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status ?? r.error?.message})`)
}
if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const npm = process.env.npm_execpath
  if (!npm) throw new Error('out/ is not built: run `npm run build` first (or run this as `npm run test:electron`)')
  step('building the app')
  run([npm, 'run', 'build'], 'npm run build')
}
run([join(root, 'scripts', 'electron-native.mjs')], 'electron-native.mjs')

const { _electron } = await import('playwright-core')
const SAMPLE = join(root, 'resources', 'samples', 'seattle-weather.csv')
const artifacts = join(root, 'e2e-artifacts')
mkdirSync(artifacts, { recursive: true })
const userData = mkdtempSync(join(tmpdir(), 'fw-electron-smoke-'))

async function launch() {
  const app = await _electron.launch({
    executablePath: electron.binary,
    args: [root],
    cwd: root,
    env: { ...process.env, FW_USER_DATA_DIR: userData, ELECTRON_RENDERER_URL: '' },
    timeout: 60_000
  })
  const page = await app.firstWindow()
  await page.waitForSelector('nav [data-view=data]', { timeout: 60_000 })
  return { app, page }
}
const shot = (page, name) => page.screenshot({ path: join(artifacts, `electron-${name}.png`) })
const go = (page, view) => page.click(`nav [data-view=${view}]`)

let app
let page
let failed = false
try {
  step(`launching Electron ${electron.version} with user data in ${userData}`)
  ;({ app, page } = await launch())
  await shot(page, '01-first-start')

  step('File › Open CSV… with the sample (main\'s dialog answered here)')
  await app.evaluate(({ dialog, Menu }, file) => {
    dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [file] })
    const items = Menu.getApplicationMenu().items.flatMap((i) => i.submenu?.items ?? [])
    items.find((i) => i.label === 'Open CSV…').click()
  }, SAMPLE)
  await page.waitForFunction(() => document.querySelector('section[aria-label=Columns]')?.textContent?.includes('precipitation'), null, { timeout: 60_000 })
  await shot(page, '02-imported')

  step('training two epochs')
  await go(page, 'setup')
  await page.waitForSelector('[data-testid=epochs]')
  await page.selectOption('[data-testid=role-target]', 'temp_max')
  await page.fill('[data-testid=epochs]', '2')
  await page.click('[data-testid=start-training]')
  await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 300_000 })
  await shot(page, '03-trained')
  await go(page, 'runs')
  await page.waitForSelector('[data-testid=runs-table] tbody tr', { timeout: 30_000 })
  const rows = await page.$$('[data-testid=runs-table] tbody tr')
  if (rows.length < 1) throw new Error('the Runs view lists no run')
  await shot(page, '04-runs')

  step('quitting during training (Stop and quit)')
  await go(page, 'setup')
  await page.fill('[data-testid=epochs]', '400')
  await page.uncheck('[data-testid=early-stopping]')
  await page.click('[data-testid=start-training]')
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) >= 1, null, { timeout: 120_000 })
  await shot(page, '05-training')
  const closed = new Promise((resolve) => app.process().once('exit', resolve))
  await app.evaluate(({ app: electronApp, dialog }) => {
    dialog.showMessageBox = async () => ({ response: 1, checkboxChecked: false }) // Stop and quit
    electronApp.quit()
  })
  await closed

  step('reopening: the run must be interrupted and resumable')
  ;({ app, page } = await launch())
  await go(page, 'runs')
  await page.waitForSelector('[data-testid=runs-table] tbody tr:has-text("interrupted")', { timeout: 30_000 })
  await go(page, 'train') // the app reopens the latest run there
  await page.waitForSelector('[data-testid=interrupted]', { timeout: 30_000 })
  if (!(await page.isVisible('[data-testid=resume]'))) throw new Error('no Resume button for the interrupted run')
  await shot(page, '06-reopened-interrupted')
  step('passed')
} catch (e) {
  failed = true
  console.error(`electron smoke test: FAILED: ${e?.stack ?? e}`)
  if (page) await shot(page, 'failure').catch(() => {})
} finally {
  await app?.close().catch(() => {})
  rmSync(userData, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
